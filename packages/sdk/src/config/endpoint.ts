import { InvalidConfigError } from "../errors.js";
import { API_VERSION } from "../version.js";
import { REALMS, REGIONS } from "./regions.js";

/** `ContainerInstanceClient.serviceEndpointTemplate` of every OCI SDK. */
export const SERVICE_ENDPOINT_TEMPLATE = "https://compute-containers.{region}.oci.{secondLevelDomain}";

const DEFAULT_SECOND_LEVEL_DOMAIN = REALMS.oc1 ?? "oraclecloud.com";

/** Accepts a region id (`us-ashburn-1`) or short code (`iad`, any case) and returns the region id. */
export function resolveRegionId(region: string): string {
  const id = region.trim().toLowerCase();
  if (REGIONS[id]) return id;
  for (const [regionId, [, shortCode]] of Object.entries(REGIONS)) {
    if (shortCode === id) return regionId;
  }
  return id;
}

/**
 * The second-level domain of a region: its realm's domain; for an unknown region, `OCI_DEFAULT_REALM` (a domain
 * such as `oraclecloud99.com`, exactly as oci-common uses it) or `oraclecloud.com`.
 */
export function secondLevelDomain(regionId: string, env: NodeJS.ProcessEnv = process.env): string {
  const known = REGIONS[regionId];
  const domain = known ? REALMS[known[0]] : undefined;
  return domain ?? (env.OCI_DEFAULT_REALM || DEFAULT_SECOND_LEVEL_DOMAIN);
}

/**
 * Service endpoint (without the version) for a region. A region containing a dot is taken as a fully qualified
 * domain, as oci-common does, so private or test deployments can be addressed by region name.
 */
export function endpointForRegion(region: string, env: NodeJS.ProcessEnv = process.env): string {
  const regionId = resolveRegionId(region);
  if (regionId === "") {
    throw new InvalidConfigError([{ key: "region", problem: "missing" }]);
  }
  if (regionId.includes(".")) {
    return `https://compute-containers.${regionId}`;
  }
  return SERVICE_ENDPOINT_TEMPLATE.replace("{region}", regionId).replace(
    "{secondLevelDomain}",
    secondLevelDomain(regionId, env),
  );
}

/**
 * Turns a service endpoint (`https://host[:port][/prefix]`) into the API base URL by appending `/20210415`,
 * the way the OCI TypeScript SDK's `endpoint` setter does. Rejects what oci-common's `validateEndpoint` rejects.
 */
export function apiBaseUrl(serviceEndpoint: string): string {
  let url: URL;
  try {
    url = new URL(serviceEndpoint);
  } catch {
    throw new InvalidConfigError([{ key: "serviceEndpoint", problem: `not a URL: ${serviceEndpoint}` }]);
  }
  const problems: string[] = [];
  if (url.protocol !== "http:" && url.protocol !== "https:") problems.push("must be http or https");
  if (url.username || url.password) problems.push("must not contain user info");
  if (url.search || url.hash) problems.push("must not contain a query or fragment");
  if (problems.length > 0) {
    throw new InvalidConfigError([{ key: "serviceEndpoint", problem: problems.join(", ") }]);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}/${API_VERSION}`;
}
