import { makeOcid, toRfc3339 } from "@caisson/api";
import type { SubnetRow, VcnRow } from "../store/schema.js";

/** The VCN document as the Core API returns it (columns overlay id, compartment, name, state and time). */
export function vcnRow(options: {
  tenancyId: string;
  compartmentId: string;
  region: string;
  cidrBlock: string;
  displayName?: string;
  dnsLabel?: string;
  now: Date;
  freeformTags?: Record<string, string>;
  definedTags?: Record<string, Record<string, unknown>>;
}): VcnRow {
  const id = makeOcid("vcn", options.region);
  const displayName = options.displayName ?? `vcn${toRfc3339(options.now).replace(/\D/g, "").slice(0, 14)}`;
  const doc = {
    cidrBlock: options.cidrBlock,
    cidrBlocks: [options.cidrBlock],
    defaultDhcpOptionsId: makeOcid("dhcpoptions", options.region),
    defaultRouteTableId: makeOcid("routetable", options.region),
    defaultSecurityListId: makeOcid("securitylist", options.region),
    dnsLabel: options.dnsLabel,
    vcnDomainName: options.dnsLabel ? `${options.dnsLabel}.oraclevcn.com` : undefined,
    freeformTags: options.freeformTags ?? {},
    definedTags: options.definedTags ?? {},
  };
  return {
    id,
    tenancy_id: options.tenancyId,
    compartment_id: options.compartmentId,
    display_name: displayName,
    lifecycle_state: "AVAILABLE",
    time_created: toRfc3339(options.now),
    doc: JSON.stringify(doc),
  };
}

export function subnetRow(options: {
  tenancyId: string;
  compartmentId: string;
  vcn: VcnRow;
  region: string;
  cidrBlock: string;
  displayName?: string;
  dnsLabel?: string;
  availabilityDomain?: string;
  prohibitPublicIpOnVnic?: boolean;
  now: Date;
  freeformTags?: Record<string, string>;
  definedTags?: Record<string, Record<string, unknown>>;
}): SubnetRow {
  const id = makeOcid("subnet", options.region);
  const vcnDoc = JSON.parse(options.vcn.doc) as {
    defaultRouteTableId: string;
    defaultSecurityListId: string;
    defaultDhcpOptionsId: string;
    dnsLabel?: string;
  };
  const displayName = options.displayName ?? `subnet${toRfc3339(options.now).replace(/\D/g, "").slice(0, 14)}`;
  const doc = {
    vcnId: options.vcn.id,
    cidrBlock: options.cidrBlock,
    availabilityDomain: options.availabilityDomain,
    dnsLabel: options.dnsLabel,
    subnetDomainName:
      options.dnsLabel && vcnDoc.dnsLabel ? `${options.dnsLabel}.${vcnDoc.dnsLabel}.oraclevcn.com` : undefined,
    routeTableId: vcnDoc.defaultRouteTableId,
    securityListIds: [vcnDoc.defaultSecurityListId],
    dhcpOptionsId: vcnDoc.defaultDhcpOptionsId,
    prohibitPublicIpOnVnic: options.prohibitPublicIpOnVnic ?? false,
    prohibitInternetIngress: options.prohibitPublicIpOnVnic ?? false,
    virtualRouterIp: firstHost(options.cidrBlock),
    virtualRouterMac: "00:00:17:00:00:01",
    freeformTags: options.freeformTags ?? {},
    definedTags: options.definedTags ?? {},
  };
  return {
    id,
    tenancy_id: options.tenancyId,
    compartment_id: options.compartmentId,
    vcn_id: options.vcn.id,
    display_name: displayName,
    lifecycle_state: "AVAILABLE",
    time_created: toRfc3339(options.now),
    doc: JSON.stringify(doc),
  };
}

/** The first usable address of an IPv4 CIDR block (OCI's virtual router address). */
export function firstHost(cidr: string): string {
  const [address] = cidr.split("/");
  const parts = (address ?? "0.0.0.0").split(".").map(Number);
  parts[3] = (parts[3] ?? 0) + 1;
  return parts.join(".");
}
