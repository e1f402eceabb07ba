import { NO_RETRY } from "@caisson/sdk";

/** Wire shapes of Caisson's admin API (packages/server/src/admin), as the CLI reads them. */
export const ADMIN = "/_caisson/admin";

/**
 * For the admin API's creates: it keeps no retry tokens, so a create repeated after a lost answer would make a
 * second tenancy, user or key. Sent once; reads, PUTs and deletes keep the session's retries.
 */
export const SEND_ONCE = { retryStrategy: NO_RETRY } as const;

export interface TenancyView {
  id: string;
  name: string;
  homeRegion: string;
  timeCreated: string;
  isOperator: boolean;
}

export interface UserView {
  id: string;
  tenancyId: string;
  name: string;
  description: string;
  timeCreated: string;
}

export interface ApiKeyView {
  fingerprint: string;
  userId: string;
  tenancyId: string;
  keyValue: string;
  timeCreated: string;
  privateKeyPem?: string;
}

export interface CreatedTenancy {
  tenancy: TenancyView;
  user: UserView;
  compartmentId: string;
  vcnId: string;
  subnetId: string;
  region: string;
  apiKey: { fingerprint: string; publicKeyPem: string; privateKeyPem: string };
}

export interface CreatedUser {
  user: UserView;
  apiKey: ApiKeyView;
}

/** One service limit of one tenancy, with its use in each availability domain. */
export interface ServiceLimitView {
  name: string;
  description: string;
  scopeType: "AD";
  value: number;
  isDefault: boolean;
  defaultValue: number;
  availabilityDomains: Array<{ availabilityDomain: string; used: number; available: number }>;
}
