import { randomBytes } from "node:crypto";
import { toRfc3339 } from "@caisson/api";
import type { ExecutionDeps } from "../instances/actions/action.js";
import type { WorkRequestRow } from "../store/schema.js";
import { workPayloadOf, workResourcesOf } from "../store/stored-work-request.js";
import type { LeasedWorkRequest } from "../store/work-request-repository.js";
import { abandonWork, execute } from "./executors.js";
import { LoopTurns } from "./loop-turns.js";

export interface WorkEngineOptions {
  /** How long a claimed work request stays ours without renewal; a dead worker's work is retaken after it. */
  leaseMs?: number;
  /** How often idle workers look for work they were not told about. */
  pollMs?: number;
  /** Work requests executed at once. */
  concurrency?: number;
  onError?: (error: unknown, workRequestId?: string) => void;
  /** Called once a work request's final status is committed, with the error it failed with, if any. */
  onFinished?: (
    request: WorkRequestRow,
    status: "SUCCEEDED" | "FAILED",
    error?: { code: string; message: string },
  ) => void;
}

class LeaseLost extends Error {}

/** An unexpected failure is retried (after the lease runs out) this many times before the request FAILS. */
const MAX_ATTEMPTS = 3;

/**
 * Executes work requests. Workers claim them from the store with a lease (renewed while they run), so a
 * crashed process's work is picked up again and no work request is ever finished twice: the final
 * transaction commits only while the lease is still ours.
 */
export class WorkEngine {
  readonly owner = `worker-${process.pid}-${randomBytes(6).toString("hex")}`;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private running = false;
  private wake: AbortController = new AbortController();
  private loops: Promise<void>[] = [];
  private readonly turns = new LoopTurns();

  constructor(
    private readonly deps: ExecutionDeps,
    private readonly options: WorkEngineOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 1_000;
    this.concurrency = options.concurrency ?? 8;
  }

  /**
   * Starts the workers. With `soleOwner` (the store belongs to this process alone, as a locked SQLite data
   * directory does) the leases of earlier, dead processes are released at once instead of after expiry.
   */
  async start(options: { soleOwner: boolean } = { soleOwner: false }): Promise<void> {
    if (this.running) return;
    if (options.soleOwner) {
      await this.deps.store.workRequests.expireForeignLeases(this.owner, toRfc3339(new Date(0)));
    }
    this.running = true;
    this.loops = Array.from({ length: this.concurrency }, () => this.loop());
  }

  /** Tells idle workers there is new work. */
  kick(): void {
    this.wake.abort();
    this.wake = new AbortController();
  }

  /** Stops claiming, and waits for the work requests in flight to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** Runs until nothing is claimable; for tests and tools that want work done synchronously. */
  async drain(): Promise<number> {
    let done = 0;
    while (await this.runOne()) done++;
    return done;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      // Taken before looking for work: a kick while this worker looks (or waits for its turn) still wakes it.
      const wake = this.wake.signal;
      let didWork = false;
      try {
        didWork = await this.runOne();
      } catch (error) {
        this.options.onError?.(error);
      }
      // The store answers SQLite queries synchronously, so a backlog of work would otherwise run as one chain of
      // promises, with no request served until it ends: workers take turns on the event loop between work
      // requests, one per iteration.
      await this.turns.next();
      if (!didWork && this.running) {
        await this.deps.clock.sleep(this.pollMs, wake).catch(() => {});
      }
    }
  }

  private async runOne(): Promise<boolean> {
    const now = this.deps.clock.now();
    const claimed = await this.deps.store.workRequests.claimNext(
      this.owner,
      toRfc3339(now),
      toRfc3339(new Date(now.getTime() + this.leaseMs)),
    );
    if (!claimed) return false;
    await this.process(claimed).catch((error) => this.options.onError?.(error, claimed.id));
    return true;
  }

  private async process(request: LeasedWorkRequest): Promise<void> {
    const { store, clock } = this.deps;
    const token = request.lease_token;
    const startedAt = toRfc3339(clock.now());
    const resumed = request.status === "IN_PROGRESS";
    // The lease as this worker knows it, on the monotonic clock (which keeps counting while the process is
    // paused): past it, another worker may hold the request, so no side effect starts.
    const lease = { until: performance.now() + this.leaseMs, lost: false };
    const stillOurs = () => !lease.lost && performance.now() < lease.until;
    const started = await store.workRequests.updateLeased(
      request.id,
      token,
      {
        status: "IN_PROGRESS",
        time_started: request.time_started ?? startedAt,
        percent_complete: Math.max(request.percent_complete, 10),
      },
      startedAt,
    );
    if (!started) return;
    await store.workRequests.addEntry({
      work_request_id: request.id,
      kind: "log",
      timestamp: startedAt,
      code: null,
      message: resumed ? "Resumed after an interruption." : "Started.",
    });

    const renew = setInterval(
      () => {
        const asked = performance.now();
        const until = toRfc3339(new Date(clock.now().getTime() + this.leaseMs));
        store.workRequests
          .updateLeased(request.id, token, { lease_expires_at: until })
          .then((renewed) => {
            if (!renewed) lease.lost = true;
            else if (!lease.lost) lease.until = asked + this.leaseMs;
          })
          .catch(() => {});
      },
      Math.max(50, Math.floor(this.leaseMs / 3)),
    );
    try {
      if (!stillOurs()) throw new LeaseLost(`lease on ${request.id} ran out before its work began`);
      const outcome = await execute(this.deps, workPayloadOf(request));
      const finishedAt = toRfc3339(clock.now());
      const resources = workResourcesOf(request).map((r) => ({
        ...r,
        actionType: outcome.actionType,
      }));
      await store.transaction(async (repos) => {
        const owned = await repos.workRequests.updateLeased(request.id, token, {
          status: outcome.status,
          percent_complete: 100,
          time_finished: finishedAt,
          resources: JSON.stringify(resources),
          lease_owner: null,
          lease_expires_at: null,
        });
        if (!owned) throw new LeaseLost(`lease on ${request.id} lost`);
        await outcome.commit(repos, finishedAt);
        if (outcome.error) {
          await repos.workRequests.addEntry({
            work_request_id: request.id,
            kind: "error",
            timestamp: finishedAt,
            code: outcome.error.code,
            message: outcome.error.message,
          });
        }
        await repos.workRequests.addEntry({
          work_request_id: request.id,
          kind: "log",
          timestamp: finishedAt,
          code: null,
          message: outcome.log,
        });
      });
      this.options.onFinished?.(request, outcome.status, outcome.error);
    } catch (error) {
      if (error instanceof LeaseLost) return;
      await this.giveUpOrRetryLater(request, error);
      throw error;
    } finally {
      clearInterval(renew);
    }
  }

  private async giveUpOrRetryLater(request: LeasedWorkRequest, error: unknown): Promise<void> {
    const { store, clock } = this.deps;
    const now = toRfc3339(clock.now());
    const message = `Internal error: ${(error as Error)?.message ?? String(error)}`;
    if (request.attempts < MAX_ATTEMPTS) {
      await store.workRequests.addEntry({
        work_request_id: request.id,
        kind: "log",
        timestamp: now,
        code: null,
        message: `${message}; will retry.`,
      });
      return;
    }
    const resources = workResourcesOf(request).map((r) => ({
      ...r,
      actionType: "FAILED" as const,
    }));
    const failed = await store.transaction(async (repos) => {
      const owned = await repos.workRequests.updateLeased(request.id, request.lease_token, {
        status: "FAILED",
        percent_complete: 100,
        time_finished: now,
        resources: JSON.stringify(resources),
        lease_owner: null,
        lease_expires_at: null,
      });
      if (!owned) return false;
      await abandonWork(repos, workPayloadOf(request), message, now);
      await repos.workRequests.addEntry({
        work_request_id: request.id,
        kind: "error",
        timestamp: now,
        code: "InternalError",
        message,
      });
      return true;
    });
    if (failed) this.options.onFinished?.(request, "FAILED", { code: "InternalError", message });
  }
}
