import { createHash } from "node:crypto";
import { regionKey } from "@caisson/api";

export const FAULT_DOMAINS = ["FAULT-DOMAIN-1", "FAULT-DOMAIN-2", "FAULT-DOMAIN-3"] as const;
const AD_COUNT = 3;

/**
 * A tenancy's availability-domain names, shaped like OCI's (`Uocm:IAD-AD-1`): a per-tenancy prefix, the
 * region key, and the AD number. Derived, so nothing needs storing and every start agrees.
 */
export function availabilityDomains(tenancyId: string, region: string): string[] {
  const digest = createHash("sha256").update(tenancyId).digest();
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const prefix = [...digest.subarray(0, 4)].map((byte, i) => {
    const letter = letters[byte % 26] ?? "a";
    return i === 0 ? letter.toUpperCase() : letter;
  });
  const key = regionKey(region).toUpperCase();
  return Array.from({ length: AD_COUNT }, (_, i) => `${prefix.join("")}:${key}-AD-${i + 1}`);
}
