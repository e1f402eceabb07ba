import type { Clock } from "./clock.js";
import type { PublishPolicy } from "./ports/publish-policy.js";
import type { RuntimeDriver } from "./runtime/driver.js";
import type { Store } from "./store/store.js";

/** What operation handlers need; passed in, never global. */
export interface OperationDeps {
  store: Store;
  clock: Clock;
  runtime: RuntimeDriver;
  /** Region id, e.g. us-ashburn-1: used in OCIDs and availability-domain names. */
  region: string;
  /** How long DELETED resources stay visible (the official waiters poll for DELETED). */
  deletedRetentionMs: number;
  /** Registry hosts tenants' images may come from (`localhost` = local images); empty = any. */
  allowedRegistries: readonly string[];
  /** Which host ports tenants may publish (`caisson.publish`); DEFAULT_PUBLISH_POLICY when unset. */
  publishPolicy?: PublishPolicy;
  /** Called after a work request is accepted, so the engine picks it up without waiting for its next poll. */
  onWorkAccepted?: () => void;
  /** Called after an API key is deleted, so the process stops accepting it at once. */
  onApiKeyDeleted?: (userId: string, fingerprint: string) => void;
}
