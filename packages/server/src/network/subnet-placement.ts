import type { CreateSubnetDetails } from "@caisson/api";
import type { Static } from "@sinclair/typebox";
import { ApiError, invalidParameter } from "../errors.js";
import { parseDoc } from "../store/json.js";
import type { VcnRow } from "../store/schema.js";
import type { Repositories } from "../store/store.js";
import { type Cidr, contains, overlaps, parseCidr } from "./cidr.js";

/** The subnet's block, parsed; undefined when none was given. */
export function subnetCidr(text: string | undefined): Cidr | undefined {
  if (text === undefined) return undefined;
  const parsed = parseCidr(text);
  if (typeof parsed === "string") throw invalidParameter("cidrBlock", parsed);
  return parsed;
}

/**
 * Where a new subnet may go in its VCN, as OCI checks it: inside one of the VCN's blocks, overlapping no live
 * subnet of the VCN, with a DNS label only if the VCN has one and unique within it, and only the VCN's
 * default route table, security list and DHCP options (Caisson serves no others).
 */
export async function requireRoomInVcn(
  repos: Repositories,
  vcn: VcnRow,
  cidr: Cidr,
  details: Static<typeof CreateSubnetDetails>,
): Promise<void> {
  const vcnDoc = parseDoc<{
    cidrBlocks: string[];
    dnsLabel?: string;
    defaultRouteTableId: string;
    defaultSecurityListId: string;
    defaultDhcpOptionsId: string;
  }>(vcn.doc);
  const blocks = vcnDoc.cidrBlocks.map((text) => parseCidr(text) as Cidr);
  if (!blocks.some((block) => contains(block, cidr))) {
    throw invalidParameter(
      "cidrBlock",
      `${cidr.text} is not within the VCN's CIDR blocks (${vcnDoc.cidrBlocks.join(", ")}).`,
    );
  }
  const siblings = await repos.network.liveSubnetsOfVcn(vcn.id);
  for (const sibling of siblings) {
    const doc = parseDoc<{ cidrBlock: string; dnsLabel?: string }>(sibling.doc);
    if (overlaps(parseCidr(doc.cidrBlock) as Cidr, cidr)) {
      throw invalidParameter("cidrBlock", `${cidr.text} overlaps subnet ${sibling.id} (${doc.cidrBlock}).`);
    }
    if (details.dnsLabel && doc.dnsLabel === details.dnsLabel.toLowerCase()) {
      throw invalidParameter("dnsLabel", `"${details.dnsLabel}" is already used by subnet ${sibling.id} in this VCN.`);
    }
  }
  if (details.dnsLabel && !vcnDoc.dnsLabel) {
    throw invalidParameter("dnsLabel", "the VCN has no DNS label, so its subnets cannot have one.");
  }
  const related: Array<[string, boolean]> = [
    ["routeTableId", details.routeTableId === undefined || details.routeTableId === vcnDoc.defaultRouteTableId],
    ["dhcpOptionsId", details.dhcpOptionsId === undefined || details.dhcpOptionsId === vcnDoc.defaultDhcpOptionsId],
    ["securityListIds", (details.securityListIds ?? []).every((id) => id === vcnDoc.defaultSecurityListId)],
  ];
  const bad = related.find(([, ok]) => !ok);
  if (bad) {
    throw new ApiError(
      "RelatedResourceNotAuthorizedOrNotFound",
      `${bad[0]}: only the VCN's defaults exist in Caisson (route table, security list and DHCP options of VCN ${vcn.id}).`,
    );
  }
}
