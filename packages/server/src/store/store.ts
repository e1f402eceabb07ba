import type { Kysely } from "kysely";
import { type EventWakeup, LocalEventWakeup } from "../events/wakeup.js";
import { ConsoleSessionRepository } from "./console-session-repository.js";
import { ContainerInstanceRepository } from "./container-instance-repository.js";
import type { OpenedDatabase } from "./database.js";
import type { Dialect } from "./dialect.js";
import { appendInCommitOrder, type EventJournal, RootJournal, TransactionJournal } from "./event-journal.js";
import { EventRepository } from "./event-repository.js";
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
  events: EventRepository;
}

export interface Store extends Repositories {
  readonly location: string;
  readonly dialect: OpenedDatabase["dialect"];
  /** Woken after every commit that appended events: what event streams wait on. */
  readonly wakeup: EventWakeup;
  /** Runs `fn` in one transaction: everything it writes (events included) lands together or not at all. */
  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` while holding the named lock that every process sharing the database respects (a PostgreSQL
   * advisory lock; SQLite's file is already this process's alone): first starts and migrations of replicas.
   */
  exclusively<T>(name: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function repositories(db: Kysely<Database>, dialect: Dialect, journal: EventJournal): Repositories {
  return {
    identity: new IdentityRepository(db),
    network: new NetworkRepository(db),
    instances: new ContainerInstanceRepository(db, journal, dialect),
    workRequests: new WorkRequestRepository(db, journal),
    retryTokens: new RetryTokenRepository(db),
    limits: new ServiceLimitRepository(db, dialect),
    leases: new LeaderLeaseRepository(db),
    ports: new PublishedPortRepository(db),
    consoleSessions: new ConsoleSessionRepository(db),
    events: new EventRepository(db),
  };
}

/**
 * The store over an opened database. `wakeup` defaults to an in-process one; replicas sharing PostgreSQL pass
 * one that reaches the other processes.
 */
export function createStore(opened: OpenedDatabase, wakeup: EventWakeup = new LocalEventWakeup()): Store {
  const { db, dialect } = opened;
  return {
    ...repositories(db, dialect, new RootJournal(db, dialect, wakeup)),
    location: opened.location,
    dialect,
    wakeup,
    exclusively: opened.exclusively,
    transaction: async (fn) => {
      let appended = false;
      const result = await db.transaction().execute(async (trx) => {
        const journal = new TransactionJournal(trx);
        const value = await fn(repositories(trx, dialect, journal));
        await appendInCommitOrder(trx, dialect, journal.pending);
        appended = journal.pending.length > 0;
        return value;
      });
      if (appended) wakeup.notify();
      return result;
    },
    close: async () => {
      await wakeup.close();
      await opened.close();
    },
  };
}
