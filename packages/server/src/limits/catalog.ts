/**
 * Caisson's service limits, named and scoped like OCI's Limits service (`oci limits value list
 * --service-name container-instances`): each applies to one tenancy in each availability domain. The defaults are
 * finite so that one tenancy cannot take the whole host; the operator raises or lowers them per tenancy with
 * `caisson admin limit set`. Documented in docs/operations.md ("Service limits").
 */
export const SERVICE_LIMITS = [
  {
    name: "container-instance-count",
    description: "Container instances (any state but DELETED) per availability domain",
    defaultValue: 100,
  },
  {
    name: "ocpu-count",
    description: "OCPUs of those container instances, together, per availability domain",
    defaultValue: 200,
  },
  {
    name: "memory-gb",
    description: "Memory in GB of those container instances, together, per availability domain",
    defaultValue: 3200,
  },
] as const;

export type ServiceLimitName = (typeof SERVICE_LIMITS)[number]["name"];

/** The largest value an operator may set: far above any host, and exact in every dialect's bigint. */
export const MAX_LIMIT_VALUE = 1_000_000_000;

export const SCOPE = "AD";

export function isServiceLimitName(name: string): name is ServiceLimitName {
  return SERVICE_LIMITS.some((limit) => limit.name === name);
}

/** OCI's wording of a 400 LimitExceeded. */
export function limitExceededMessage(names: readonly string[]): string {
  return (
    `The following service limits were exceeded: ${names.join(", ")}. ` +
    "Request a service limit increase from the service limits page in the console."
  );
}
