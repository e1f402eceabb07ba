export { type AppDeps, buildApp, DEFAULT_DELETED_RETENTION_MS } from "./app.js";
export { fingerprintOf, generateApiKey } from "./auth/api-key.js";
export { renderOciConfig, writeOciConfig } from "./auth/oci-config-file.js";
export { type BootstrapResult, bootstrapTenancy } from "./bootstrap.js";
export { type Clock, systemClock } from "./clock.js";
export { canServe, DEFAULT_TIME_URL, type DoctorCheck, type DoctorOptions, runDoctor } from "./doctor/index.js";
export { ApiError } from "./errors.js";
export { type EventWakeup, LocalEventWakeup } from "./events/wakeup.js";
export { addApiKey, createTenancy, createUser } from "./identity/tenancy-setup.js";
export {
  DEFAULT_PUBLISH_POLICY_TEXT,
  describePolicy as describePublishPolicy,
  type PublishPolicy,
  parsePublishPolicy,
} from "./ports/publish-policy.js";
export type { RuntimeDriver } from "./runtime/driver.js";
export { EmulatedDriver } from "./runtime/emulated.js";
export { DEFAULT_HOLDER_POOL, MAX_HOLDER_POOL } from "./runtime/holder-pool-size.js";
export { DEFAULT_ISOLATION, DEFAULT_PIDS_LIMIT, type IsolationPolicy } from "./runtime/isolation.js";
export { MissingDatabaseError } from "./serve/data-dir-guard.js";
export { DataDirLockedError } from "./serve/data-dir-lock.js";
export { type BootstrapInfo, readInfo, writeInfo } from "./serve/first-start.js";
export { LOG_LEVELS, type LogFormat, type LogLevel } from "./serve/logger.js";
export { type RuntimeChoice, RuntimeUnavailableError } from "./serve/runtime-selection.js";
export {
  DEFAULT_LEADER_LEASE_MS,
  DEFAULT_PORT,
  DEFAULT_RATE_LIMIT,
  DEFAULT_REGION,
  PortInUseError,
  type RunningServer,
  type ServeOptions,
  startServer,
} from "./serve/server.js";
export { BackupNotSupportedError, type BackupResult, backupSqliteStore } from "./store/backup.js";
export { openSqlite } from "./store/database.js";
export { StoreVersionError } from "./store/migrate.js";
export { PostgresDriverMissingError } from "./store/pg-module.js";
export { createStore, type Store } from "./store/store.js";
