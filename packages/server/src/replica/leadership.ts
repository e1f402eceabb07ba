import { randomBytes } from "node:crypto";
import type { LeaderLeaseRepository } from "../store/leader-lease-repository.js";

/**
 * Who runs the singleton work — the reconciler (restart policy, health checks), adoption and orphan removal —
 * among replicas sharing one store. Exactly one replica holds it at a time; the others serve requests and run
 * work requests (which their own leases fence).
 */
export interface Leadership {
  /** This process's name among the replicas (health, metrics, logs). */
  readonly replicaId: string;
  /** Synchronous and cheap: whether singleton work may go on right now. False once the lease may have ended. */
  holds(): boolean;
  /** Before a singleton write: `holds()`, and the database still names this replica's token. */
  confirm(): Promise<boolean>;
  /** Called with true when this replica becomes the leader, false when it stops being one. */
  onChange(listener: (leader: boolean) => void): () => void;
  start(): Promise<void>;
  /** Stops renewing and gives the role up at once, so another replica need not wait for the lease to end. */
  stop(): Promise<void>;
}

/**
 * Opaque, so the anonymous health endpoint names no host or process; `serve` logs which process it is.
 */
export const newReplicaId = () => `replica-${randomBytes(6).toString("hex")}`;

/** A store only this process can use (a locked SQLite file): it is always the leader. */
export class SoleLeadership implements Leadership {
  readonly replicaId = newReplicaId();
  holds(): boolean {
    return true;
  }
  async confirm(): Promise<boolean> {
    return true;
  }
  onChange(listener: (leader: boolean) => void): () => void {
    listener(true);
    return () => {};
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

export const LEADER_ROLE = "leader";

/**
 * Leadership through a lease row in PostgreSQL (`leader_leases`), renewed every third of the lease. The lease
 * as this process knows it runs on the monotonic clock — which keeps counting while the process is paused
 * (SIGSTOP) — from the moment a renewal was *asked*, minus a fifth as margin: so a leader that cannot renew
 * (partitioned from the database, paused, starved) stops its singleton work before its lease ends in the
 * database, and a paused leader that resumes does nothing before it has renewed — which fails if someone took
 * over meanwhile, because every take-over raises the fencing token.
 *
 * A dead leader is replaced at most `leaseMs` after its last renewal plus one retry period (`leaseMs / 3`).
 */
export class LeaseLeadership implements Leadership {
  readonly replicaId = newReplicaId();
  private token: number | undefined;
  private validUntil = 0;
  private leader = false;
  private timer: NodeJS.Timeout | undefined;
  private expiry: NodeJS.Timeout | undefined;
  private running = false;
  private tick: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(leader: boolean) => void>();

  constructor(
    private readonly leases: LeaderLeaseRepository,
    private readonly options: { leaseMs: number; onError?: (error: unknown) => void },
  ) {}

  holds(): boolean {
    return this.leader && performance.now() < this.validUntil;
  }

  async confirm(): Promise<boolean> {
    const token = this.token;
    if (!this.holds() || token === undefined) return false;
    return this.leases.stillHeld(LEADER_ROLE, token).catch(() => false);
  }

  onChange(listener: (leader: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    this.running = true;
    await this.renewOrAcquire();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    clearTimeout(this.expiry);
    await this.tick;
    const token = this.token;
    this.setLeader(false);
    if (token !== undefined) await this.leases.release(LEADER_ROLE, this.replicaId, token).catch(() => {});
    this.token = undefined;
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(
      () => {
        this.tick = this.renewOrAcquire().finally(() => this.schedule());
      },
      Math.max(20, Math.floor(this.options.leaseMs / 3)),
    );
  }

  private async renewOrAcquire(): Promise<void> {
    const { leaseMs } = this.options;
    const asked = performance.now();
    try {
      if (this.token !== undefined) {
        if (await this.leases.renew(LEADER_ROLE, this.replicaId, this.token, leaseMs)) {
          this.extend(asked);
          return;
        }
        this.token = undefined;
        this.setLeader(false);
      }
      const held = await this.leases.tryAcquire(LEADER_ROLE, this.replicaId, leaseMs);
      if (held) {
        this.token = held.token;
        this.extend(asked);
      }
    } catch (error) {
      // The database is unreachable: keep the token (a renewal may still succeed in time), but the local
      // deadline, not this error, decides when singleton work stops.
      this.options.onError?.(error);
    }
  }

  private extend(asked: number): void {
    if (!this.running) return;
    const { leaseMs } = this.options;
    this.validUntil = asked + leaseMs - Math.floor(leaseMs / 5);
    clearTimeout(this.expiry);
    this.expiry = setTimeout(() => this.setLeader(this.holds()), Math.max(0, this.validUntil - performance.now()) + 1);
    this.setLeader(true);
  }

  private setLeader(leader: boolean): void {
    if (leader === this.leader) return;
    this.leader = leader;
    for (const listener of this.listeners) listener(leader);
  }
}
