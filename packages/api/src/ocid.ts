import { randomBytes } from "node:crypto";

/**
 * OCIDs: `ocid1.<resource type>.<realm>.<region key>.<unique>` (region empty for global resources such as
 * tenancies, users and compartments: `ocid1.tenancy.oc1..aaaa…`).
 *
 * Resource types: the container-instance one is documented in CLI examples (`computecontainerinstance`).
 * No public example shows container or work-request OCIDs; we follow the same pattern for containers
 * (`computecontainer`) and the `<service>workrequest` pattern other OCI services use for work requests
 * (`containerinstanceworkrequest`). Clients treat OCIDs as opaque, so only consistency matters.
 */
export const OCID_RESOURCE_TYPES = {
  tenancy: "tenancy",
  user: "user",
  compartment: "compartment",
  containerInstance: "computecontainerinstance",
  container: "computecontainer",
  workRequest: "containerinstanceworkrequest",
  vcn: "vcn",
  subnet: "subnet",
  vnic: "vnic",
  networkSecurityGroup: "networksecuritygroup",
  vaultSecret: "vaultsecret",
  mountTarget: "mounttarget",
  export: "export",
} as const;
export type OcidResourceType = (typeof OCID_RESOURCE_TYPES)[keyof typeof OCID_RESOURCE_TYPES];

/** Resource types that live in no region: their OCIDs have an empty region segment. */
const GLOBAL_TYPES: ReadonlySet<string> = new Set(["tenancy", "user", "compartment"]);

/** Region identifier → the three-letter key OCI puts in OCIDs and endpoints. Unknown regions map to themselves. */
export const REGION_KEYS: Readonly<Record<string, string>> = {
  "us-ashburn-1": "iad",
  "us-phoenix-1": "phx",
  "us-sanjose-1": "sjc",
  "us-chicago-1": "ord",
  "ca-toronto-1": "yyz",
  "ca-montreal-1": "yul",
  "uk-london-1": "lhr",
  "uk-cardiff-1": "cwl",
  "eu-frankfurt-1": "fra",
  "eu-amsterdam-1": "ams",
  "eu-zurich-1": "zrh",
  "eu-paris-1": "cdg",
  "eu-madrid-1": "mad",
  "eu-milan-1": "lin",
  "eu-stockholm-1": "arn",
  "ap-tokyo-1": "nrt",
  "ap-osaka-1": "kix",
  "ap-seoul-1": "icn",
  "ap-sydney-1": "syd",
  "ap-melbourne-1": "mel",
  "ap-mumbai-1": "bom",
  "ap-hyderabad-1": "hyd",
  "ap-singapore-1": "sin",
  "sa-saopaulo-1": "gru",
  "me-dubai-1": "dxb",
  "me-jeddah-1": "jed",
  "af-johannesburg-1": "jnb",
};

export function regionKey(regionId: string): string {
  return REGION_KEYS[regionId] ?? regionId;
}

// Real unique parts are 60 characters of lowercase base32 starting with "aaaa" (a version marker).
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
const UNIQUE_LENGTH = 60;
const UNIQUE_PREFIX = "aaaaaaaa";

/** A fresh unique part from crypto randomness: `aaaaaaaa` + 52 random base32 characters. */
export function makeOcidUnique(): string {
  const bytes = randomBytes(UNIQUE_LENGTH - UNIQUE_PREFIX.length);
  let out = UNIQUE_PREFIX;
  for (const b of bytes) out += BASE32[b & 31];
  return out;
}

/** `ocid1.<type>.oc1.<regionKey>.<unique>`; pass a region id (`us-ashburn-1`) or a key (`iad`). */
export function makeOcid(resourceType: string, region: string, unique: string = makeOcidUnique()): string {
  const key = GLOBAL_TYPES.has(resourceType) ? "" : regionKey(region);
  return `ocid1.${resourceType}.oc1.${key}.${unique}`;
}

export interface ParsedOcid {
  resourceType: string;
  realm: string;
  /** Region key; empty for global resources. */
  region: string;
  /** Optional future-use segment some OCIDs carry between region and unique part. */
  futureUse?: string;
  unique: string;
}

const SEGMENT = /^[a-z0-9-]*$/;

export function parseOcid(value: string): ParsedOcid | undefined {
  const parts = value.split(".");
  if (parts.length !== 5 && parts.length !== 6) return undefined;
  const [version, resourceType, realm, region, ...rest] = parts as [string, string, string, string, ...string[]];
  const unique = rest[rest.length - 1]!;
  if (version !== "ocid1" || !resourceType || !realm || !/^[a-z0-9]+$/.test(unique)) return undefined;
  if (![resourceType, realm, region].every((s) => SEGMENT.test(s))) return undefined;
  const parsed: ParsedOcid = { resourceType, realm, region, unique };
  if (rest.length === 2) parsed.futureUse = rest[0]!;
  return parsed;
}

/** Whether `value` is a well-formed OCID, optionally of one resource type. */
export function isOcid(value: unknown, resourceType?: string): value is string {
  if (typeof value !== "string") return false;
  const parsed = parseOcid(value);
  return parsed !== undefined && (resourceType === undefined || parsed.resourceType === resourceType);
}
