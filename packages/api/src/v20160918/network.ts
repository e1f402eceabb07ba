import { Type } from "@sinclair/typebox";
import { opcRetryToken, operationTable, queryParameter } from "../parameters.js";
import { idPath, ifMatch255, listParameters, OCID_20160918, ocidQuery, TAG_FIELDS, V20160918 } from "./parameters.js";

/**
 * Request bodies of the Core VCN and subnet operations Caisson serves, with the official model's field names.
 * Fields for features Caisson lacks (IPv6, BYOIP) are declared so they can be refused by name, not ignored.
 */
const OCID = OCID_20160918;
const DISPLAY_NAME = Type.String({ minLength: 1, maxLength: 255 });
// OCI: a letter, then letters and digits, at most 15 characters in all.
const DNS_LABEL = Type.String({ pattern: "^[A-Za-z][A-Za-z0-9]{0,14}$" });
const CIDR_TEXT = Type.String({ minLength: 9, maxLength: 18 });

export const CreateVcnDetails = Type.Object({
  compartmentId: OCID,
  cidrBlock: Type.Optional(CIDR_TEXT),
  // OCI allows up to five IPv4 CIDR blocks per VCN.
  cidrBlocks: Type.Optional(Type.Array(CIDR_TEXT, { minItems: 1, maxItems: 5 })),
  displayName: Type.Optional(DISPLAY_NAME),
  dnsLabel: Type.Optional(DNS_LABEL),
  isIpv6Enabled: Type.Optional(Type.Boolean()),
  ipv6PrivateCidrBlocks: Type.Optional(Type.Array(Type.String())),
  byoipv6CidrDetails: Type.Optional(Type.Array(Type.Unknown())),
  ...TAG_FIELDS,
});

export const UpdateVcnDetails = Type.Object({ displayName: Type.Optional(DISPLAY_NAME), ...TAG_FIELDS });

export const CreateSubnetDetails = Type.Object({
  compartmentId: OCID,
  vcnId: OCID,
  cidrBlock: Type.Optional(CIDR_TEXT),
  ipv4CidrBlocks: Type.Optional(Type.Array(CIDR_TEXT, { minItems: 1, maxItems: 1 })),
  availabilityDomain: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  displayName: Type.Optional(DISPLAY_NAME),
  dnsLabel: Type.Optional(DNS_LABEL),
  prohibitPublicIpOnVnic: Type.Optional(Type.Boolean()),
  prohibitInternetIngress: Type.Optional(Type.Boolean()),
  routeTableId: Type.Optional(OCID),
  securityListIds: Type.Optional(Type.Array(OCID, { maxItems: 5 })),
  dhcpOptionsId: Type.Optional(OCID),
  ipv6CidrBlock: Type.Optional(Type.String()),
  ipv6CidrBlocks: Type.Optional(Type.Array(Type.String())),
  ...TAG_FIELDS,
});

export const UpdateSubnetDetails = Type.Object({ displayName: Type.Optional(DISPLAY_NAME), ...TAG_FIELDS });

/**
 * UpdateVnic. `nsgIds` is declared so a non-empty list can be refused by name (Caisson has no network security
 * groups); the hostname label is an RFC 1123 label, as at create.
 */
export const UpdateVnicDetails = Type.Object({
  displayName: Type.Optional(DISPLAY_NAME),
  hostnameLabel: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$" })),
  nsgIds: Type.Optional(Type.Array(OCID)),
  skipSourceDestCheck: Type.Optional(Type.Boolean()),
  ...TAG_FIELDS,
});

const LIST_FILTERS = [
  ...listParameters(["TIMECREATED", "DISPLAYNAME"]),
  queryParameter("displayName", Type.String({ minLength: 1, maxLength: 255 })),
  queryParameter("lifecycleState", Type.String({ minLength: 1 })),
] as const;

/**
 * The subset of Core (VirtualNetwork) 20160918 that Container Instances needs: VCNs, subnets, and a container
 * instance's VNIC (read and update). Lists answer with bare JSON arrays.
 */
export const NETWORK_OPERATIONS = operationTable({
  CreateVcn: {
    method: "POST",
    path: `${V20160918}/vcns`,
    parameters: [opcRetryToken],
    requestBody: { schema: CreateVcnDetails, required: true },
  },
  ListVcns: {
    method: "GET",
    path: `${V20160918}/vcns`,
    parameters: [ocidQuery("compartmentId", true), ...LIST_FILTERS],
  },
  GetVcn: { method: "GET", path: `${V20160918}/vcns/{vcnId}`, parameters: [idPath("vcnId")] },
  UpdateVcn: {
    method: "PUT",
    path: `${V20160918}/vcns/{vcnId}`,
    parameters: [idPath("vcnId"), ifMatch255],
    requestBody: { schema: UpdateVcnDetails, required: true },
  },
  DeleteVcn: { method: "DELETE", path: `${V20160918}/vcns/{vcnId}`, parameters: [idPath("vcnId"), ifMatch255] },
  CreateSubnet: {
    method: "POST",
    path: `${V20160918}/subnets`,
    parameters: [opcRetryToken],
    requestBody: { schema: CreateSubnetDetails, required: true },
  },
  ListSubnets: {
    method: "GET",
    path: `${V20160918}/subnets`,
    parameters: [ocidQuery("compartmentId", true), ocidQuery("vcnId"), ...LIST_FILTERS],
  },
  GetSubnet: { method: "GET", path: `${V20160918}/subnets/{subnetId}`, parameters: [idPath("subnetId")] },
  UpdateSubnet: {
    method: "PUT",
    path: `${V20160918}/subnets/{subnetId}`,
    parameters: [idPath("subnetId"), ifMatch255],
    requestBody: { schema: UpdateSubnetDetails, required: true },
  },
  DeleteSubnet: {
    method: "DELETE",
    path: `${V20160918}/subnets/{subnetId}`,
    parameters: [idPath("subnetId"), ifMatch255],
  },
  GetVnic: { method: "GET", path: `${V20160918}/vnics/{vnicId}`, parameters: [idPath("vnicId")] },
  UpdateVnic: {
    method: "PUT",
    path: `${V20160918}/vnics/{vnicId}`,
    parameters: [idPath("vnicId"), ifMatch255],
    requestBody: { schema: UpdateVnicDetails, required: true },
  },
});
