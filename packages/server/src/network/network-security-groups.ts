import { invalidParameter } from "../errors.js";

/**
 * Caisson has no network security groups, so no NSG id can name a real one. An empty list (what the Terraform
 * provider sends when none are configured) is accepted; any id is refused by name rather than ignored, since
 * ignoring it would leave the caller believing a firewall rule applies.
 */
export function refuseNetworkSecurityGroups(field: string, nsgIds: readonly string[] | undefined): void {
  if (nsgIds && nsgIds.length > 0) {
    throw invalidParameter(
      field,
      `Caisson has no network security groups, so ${nsgIds.join(", ")} cannot be attached; send an empty list or omit nsgIds.`,
    );
  }
}
