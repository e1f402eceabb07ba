import { toRfc3339 } from "@caisson/api";
import type { Clock } from "../clock.js";
import type { ContainerDoc } from "../instances/documents.js";
import { gracefulShutdownSeconds, type HealthCheck, healthChecks, restartPolicy } from "../instances/spec.js";
import type { RuntimeDriver, RuntimeEvent, RuntimeInstanceStatus } from "../runtime/driver.js";
import type { Store } from "../store/store.js";
import type { ContainerHealth, StoredContainer, StoredInstance } from "../store/stored-instance.js";
import { type BackoffOptions, restartBackoff } from "./health/backoff.js";
import { type ProbeResult, probeHttp, probeTcp } from "./health/probes.js";
import { HealthTracker } from "./health-tracker.js";
import { restartContainerOrInstance } from "./restart.js";
import { shouldRestart, terminalContainerState, terminalInstanceState } from "./restart-policy.js";

export interface ReconcilerOptions {
  /** Safety-net resync period; engine events trigger passes in between. */
  resyncMs?: number;
  backoff?: BackoffOptions;
  /** A run longer than this resets the back-off (Kubernetes: 10 minutes). */
  backoffResetMs?: number;
  probes?: { http: typeof probeHttp; tcp: typeof probeTcp };
  onError?: (error: unknown) => void;
  /**
   * Among replicas: whether this one is still the leader (replica/leadership.ts), asked before every write and
   * every engine action, so a leader that lost its lease — or was paused past it — changes nothing.
   */
  fence?: () => Promise<boolean>;
}

/** The leadership ended during a pass: the pass stops, and the new leader's reconciler takes over. */
class NotLeader extends Error {}

interface RunMemory {
  /** Engine start time of the run being tracked; a change means the container was restarted. */
  startedAt: number;
  health?: HealthTracker;
  /** Consecutive restarts for the back-off. */
  backoffAttempts: number;
  restartAt?: number;
}

/**
 * Level-triggered: compares what the store says should run (ACTIVE instances) with what the engine reports,
 * and acts — restarts per restart policy with exponential back-off, runs health checks and applies their
 * failure action, records exit codes, and derives container and instance states from what runs. Caisson,
 * not the engine, owns these rules, so they behave the same on every runtime and survive a restart of Caisson.
 */
export class Reconciler {
  private readonly memory = new Map<string, RunMemory>();
  private timer: NodeJS.Timeout | undefined;
  /** An extra pass at the next due probe or restart, so neither waits for the resync period. */
  private wake: { at: number; timer: NodeJS.Timeout } | undefined;
  private watcher: { close(): void } | undefined;
  private pass: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly deps: { store: Store; runtime: RuntimeDriver; clock: Clock },
    private readonly options: ReconcilerOptions = {},
  ) {}

  start(): void {
    this.watcher = this.deps.runtime.watch?.((event) => this.onEvent(event));
    const loop = () => {
      this.timer = setTimeout(async () => {
        await this.reconcileAll().catch((error) => this.options.onError?.(error));
        if (this.timer) loop();
      }, this.options.resyncMs ?? 2_000);
    };
    loop();
    void this.reconcileAll().catch((error) => this.options.onError?.(error));
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    clearTimeout(this.wake?.timer);
    this.wake = undefined;
    this.watcher?.close();
    await this.pass;
  }

  /**
   * Health-check intervals and restart back-offs are often shorter than the resync period; without this a
   * 1 s interval would be probed every resync, and a 1 s back-off would last until the next one.
   * Only while started: passes driven by hand (tests with a manual clock) schedule nothing.
   */
  private wakeAt(at: number): void {
    if (!this.timer) return;
    if (this.wake && this.wake.at <= at) return;
    clearTimeout(this.wake?.timer);
    const delay = Math.max(0, at - this.deps.clock.now().getTime());
    const timer = setTimeout(() => {
      this.wake = undefined;
      void this.reconcileAll().catch((error) => this.options.onError?.(error));
    }, delay);
    timer.unref?.();
    this.wake = { at, timer };
  }

  private onEvent(_event: RuntimeEvent): void {
    void this.reconcileAll().catch((error) => this.options.onError?.(error));
  }

  /** One pass over every ACTIVE instance; concurrent requests coalesce into one extra pass. */
  reconcileAll(): Promise<void> {
    if (this.pass) {
      this.again = true;
      return this.pass;
    }
    this.pass = (async () => {
      do {
        this.again = false;
        if (this.options.fence && !(await this.options.fence())) return;
        for (const id of await this.deps.store.instances.idsInStates(["ACTIVE"])) {
          const result = await this.reconcileInstance(id).then(
            () => "done",
            (error) => (error instanceof NotLeader ? "not leader" : this.options.onError?.(error)),
          );
          if (result === "not leader") return;
        }
      } while (this.again);
    })().finally(() => {
      this.pass = undefined;
    });
    return this.pass;
  }

  async reconcileInstance(instanceId: string): Promise<void> {
    const { store, runtime, clock } = this.deps;
    const instance = await store.instances.load(instanceId);
    if (instance?.columns.lifecycle_state !== "ACTIVE") return;
    const status = await runtime.inspectInstance(instanceId);
    const now = clock.now().getTime();
    const containers = await store.instances.loadContainers(instanceId);
    const finals: string[] = [];
    let anyPending = false;

    for (const container of containers) {
      const observed = status?.containers.find((c) => c.containerId === container.columns.id);
      const result =
        observed?.state === "running"
          ? await this.whileRunning(instance, container, observed.startedAt?.getTime() ?? now, status!, now)
          : await this.afterExit(
              instance,
              container,
              observed?.state === "missing" || !observed ? undefined : observed.exitCode,
              observed?.finishedAt?.getTime() ?? now,
              status,
              now,
            );
      if (result === "final") finals.push((await store.instances.findContainer(container.columns.id))!.lifecycle_state);
      else anyPending = true;
    }
    if (!anyPending && finals.length === containers.length && containers.length > 0) {
      const state = terminalInstanceState(finals);
      const lifecycleDetails =
        state === "INACTIVE"
          ? "All containers exited successfully."
          : "All containers have stopped; at least one failed.";
      await this.fenced();
      await store.instances.update(
        instanceId,
        { lifecycle_state: state, doc: { ...instance.doc, lifecycleDetails } },
        toRfc3339(new Date(now)),
      );
    }
  }

  private async whileRunning(
    instance: StoredInstance,
    stored: StoredContainer,
    startedAt: number,
    status: RuntimeInstanceStatus,
    now: number,
  ): Promise<"running"> {
    const container = stored.columns;
    const doc = { ...stored.doc };
    // The checks come from what the caller declared at create, never from the status the Container reports.
    const checks = healthChecks(instance.spec, container.id);
    let memory = this.memory.get(container.id);
    if (!memory || memory.startedAt !== startedAt) {
      const carried =
        memory && now - memory.startedAt < (this.options.backoffResetMs ?? 600_000) ? memory.backoffAttempts : 0;
      memory = { startedAt, backoffAttempts: carried };
      if (checks.length) memory.health = new HealthTracker(checks, Math.max(startedAt, now - 1));
      this.memory.set(container.id, memory);
    }
    let changed = container.lifecycle_state !== "ACTIVE";
    let health: ContainerHealth[] | undefined;
    if (memory.health && status.privateIp && this.deps.runtime.capabilities.runsProcesses) {
      for (const index of memory.health.due(now)) {
        const check = checks[index];
        const result = await this.probe(check!, status.privateIp, memory.health.timeoutMs(index));
        const crossed = memory.health.record(index, result.ok, result.detail, this.deps.clock.now().getTime());
        if (crossed && (check?.failureAction ?? "KILL") === "KILL") {
          // The UNHEALTHY that caused the kill stays readable until the next run reports its own checks.
          const health = memory.health.results();
          await this.kill(
            instance,
            container,
            doc,
            health,
            `health check ${check?.name ?? index} failed: ${result.detail}`,
          );
          return "running";
        }
      }
      this.wakeAt(memory.health.nextDueAt());
      const results = memory.health.results();
      if (JSON.stringify(results) !== JSON.stringify(stored.health)) {
        health = results;
        changed = true;
      }
    }
    if (changed) {
      delete doc.exitCode;
      delete doc.timeTerminated;
      await this.fenced();
      await this.deps.store.instances.updateContainer(
        container.id,
        { lifecycle_state: "ACTIVE", doc, ...(health && { health }) },
        toRfc3339(new Date(now)),
      );
    }
    return "running";
  }

  private async afterExit(
    instance: StoredInstance,
    stored: StoredContainer,
    exitCode: number | undefined,
    finishedAt: number,
    status: RuntimeInstanceStatus | undefined,
    now: number,
  ): Promise<"final" | "pending"> {
    const container = stored.columns;
    const doc = { ...stored.doc };
    const policy = restartPolicy(instance.spec);
    const stamp = toRfc3339(new Date(now));
    if (exitCode !== undefined) doc.exitCode = exitCode;
    doc.timeTerminated = toRfc3339(new Date(finishedAt));
    const memory = this.memory.get(container.id) ?? { startedAt: 0, backoffAttempts: 0 };
    this.memory.set(container.id, memory);

    if (!shouldRestart(policy, exitCode)) {
      const state = terminalContainerState(exitCode);
      doc.lifecycleDetails =
        exitCode === undefined ? "The container disappeared from the engine." : `Exited with code ${exitCode}.`;
      if (container.lifecycle_state !== state || JSON.stringify(stored.doc) !== JSON.stringify(doc)) {
        await this.fenced();
        await this.deps.store.instances.updateContainer(container.id, { lifecycle_state: state, doc }, stamp);
      }
      return "final";
    }
    memory.restartAt ??=
      finishedAt + restartBackoff(memory.backoffAttempts, this.options.backoff ?? { baseMs: 1_000, capMs: 60_000 });
    if (now < memory.restartAt) {
      this.wakeAt(memory.restartAt);
      const wait = Math.ceil((memory.restartAt - now) / 1000);
      const details = `Exited with code ${exitCode ?? "unknown"}; restarting in ${wait} s (${policy}).`;
      if (doc.lifecycleDetails !== details) {
        doc.lifecycleDetails = details;
        await this.fenced();
        await this.deps.store.instances.updateContainer(container.id, { doc }, stamp);
      }
      return "pending";
    }
    memory.restartAt = undefined;
    memory.backoffAttempts++;
    doc.containerRestartAttemptCount = (doc.containerRestartAttemptCount ?? 0) + 1;
    doc.lifecycleDetails = `Restarted after exit code ${exitCode ?? "unknown"} (restart ${doc.containerRestartAttemptCount}).`;
    await this.fenced();
    await this.deps.store.instances.updateContainer(container.id, { lifecycle_state: "ACTIVE", doc }, stamp);
    await this.fenced();
    await restartContainerOrInstance(this.deps, instance, container.id, status);
    return "pending";
  }

  /**
   * A health check's KILL: stop this run; the restart policy then decides what follows, as for any exit —
   * including the back-off, so a container that never becomes healthy is restarted less and less often
   * (as Kubernetes' liveness probes do) instead of every failureThreshold × interval.
   */
  private async kill(
    instance: StoredInstance,
    container: StoredContainer["columns"],
    doc: ContainerDoc,
    health: ContainerHealth[],
    reason: string,
  ): Promise<void> {
    const memory = this.memory.get(container.id);
    if (memory) memory.health = undefined;
    doc.lifecycleDetails = `Killed: ${reason}.`;
    const stamp = toRfc3339(this.deps.clock.now());
    await this.fenced();
    await this.deps.store.instances.updateContainer(container.id, { doc, health }, stamp);
    const grace = gracefulShutdownSeconds(instance.spec);
    if (this.deps.runtime.stopContainer) {
      await this.fenced();
      await this.deps.runtime.stopContainer(instance.columns.id, container.id, grace);
      return;
    }
    // A driver that cannot stop one container: restart it in place, counted as the policy's restart.
    if (!shouldRestart(restartPolicy(instance.spec), 137)) return;
    doc.containerRestartAttemptCount = (doc.containerRestartAttemptCount ?? 0) + 1;
    if (memory) memory.backoffAttempts++;
    await this.fenced();
    await this.deps.store.instances.updateContainer(container.id, { doc }, stamp);
    await this.fenced();
    await this.deps.runtime.restartContainer(instance.columns.id, container.id, grace);
  }

  private async fenced(): Promise<void> {
    if (this.options.fence && !(await this.options.fence())) throw new NotLeader("no longer the leader");
  }

  private probe(declared: HealthCheck, ip: string, timeoutMs: number): Promise<ProbeResult> {
    const probes = this.options.probes ?? { http: probeHttp, tcp: probeTcp };
    const check = declared as {
      healthCheckType: string;
      port: number;
      path?: string;
      headers?: Array<{ name: string; value: string }>;
    };
    if (check.healthCheckType === "HTTP") {
      return probes.http({
        ip,
        port: check.port,
        path: check.path ?? "/",
        headers: Object.fromEntries((check.headers ?? []).map((h) => [h.name, h.value])),
        timeoutMs,
      });
    }
    return probes.tcp({ ip, port: check.port, timeoutMs });
  }
}
