import { invalidParameter } from "../errors.js";

/**
 * VNIC features Caisson does not have are refused by name rather than ignored: ignoring them would leave the
 * caller believing a firewall rule or a public address applies, and would make Terraform plan a replacement
 * on every run (it reads back what was asked for and finds it missing).
 */

/**
 * Caisson has no network security groups, so no NSG id can name a real one. An empty list (what the Terraform
 * provider sends when none are configured) is accepted.
 */
export function refuseNetworkSecurityGroups(field: string, nsgIds: readonly string[] | undefined): void {
  if (nsgIds && nsgIds.length > 0) {
    throw invalidParameter(
      field,
      `Caisson has no network security groups, so ${nsgIds.join(", ")} cannot be attached; send an empty list or omit nsgIds.`,
    );
  }
}

/** Instances are reachable at their private address only: Caisson has no internet gateway to hand out public IPs. */
export function refusePublicIp(field: string, isPublicIpAssigned: boolean | undefined): void {
  if (isPublicIpAssigned === true) {
    throw invalidParameter(
      field,
      "Caisson assigns no public IP addresses; omit it or send false, and reach the instance at its private IP.",
    );
  }
}
