import type { Kysely } from "kysely";
import { ConsoleSessionRepository } from "./console-session-repository.js";
import { ContainerInstanceRepository } from "./container-instance-repository.js";
import type { OpenedDatabase } from "./database.js";
import type { Dialect } from "./dialect.js";
import { IdentityRepository } from "./identity-repository.js";
import { LeaderLeaseRepository } from "./leader-lease-repository.js";
import { NetworkRepository } from "./network-repository.js";
import { PublishedPortRepository } from "./published-port-repository.js";
import { RetryTokenRepository } from "./retry-token-repository.js";
import type { Database } from "./schema.js";
import { ServiceLimitRepository } from "./service-limit-repository.js";
import { WorkRequestRepository } from "./work-request-repository.js";

/** The repositories over one connection or transaction. */
export interface Repositories {
  identity: IdentityRepository;
  network: NetworkRepository;
  instances: ContainerInstanceRepository;
  workRequests: WorkRequestRepository;
  retryTokens: RetryTokenRepository;
  limits: ServiceLimitRepository;
  leases: LeaderLeaseRepository;
  ports: PublishedPortRepository;
  consoleSessions: ConsoleSessionRepository;
}

export interface Store extends Repositories {
  readonly location: string;
  readonly dialect: OpenedDatabase["dialect"];
  /** Runs `fn` in one transaction: everything it writes lands together or not at all. */
  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` while holding the named lock that every process sharing the database respects (a PostgreSQL
   * advisory lock; SQLite's file is already this process's alone): first starts and migrations of replicas.
   */
  exclusively<T>(name: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function repositories(db: Kysely<Database>, dialect: Dialect): Repositories {
  return {
    identity: new IdentityRepository(db),
    network: new NetworkRepository(db),
    instances: new ContainerInstanceRepository(db),
    workRequests: new WorkRequestRepository(db),
    retryTokens: new RetryTokenRepository(db),
    limits: new ServiceLimitRepository(db, dialect),
    leases: new LeaderLeaseRepository(db),
    ports: new PublishedPortRepository(db),
    consoleSessions: new ConsoleSessionRepository(db),
  };
}

export function createStore(opened: OpenedDatabase): Store {
  return {
    ...repositories(opened.db, opened.dialect),
    location: opened.location,
    dialect: opened.dialect,
    transaction: (fn) => opened.db.transaction().execute((trx) => fn(repositories(trx, opened.dialect))),
    exclusively: opened.exclusively,
    close: () => opened.close(),
  };
}
