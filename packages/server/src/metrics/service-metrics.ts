import { Counter, Gauge, type Registry } from "prom-client";
import type { Store } from "../store/store.js";

/**
 * What an operator watches besides requests: the work queue, instances by state (both read from the store when
 * scraped, so they are never stale) and failures of the container engine and of work requests.
 */
export class ServiceMetrics {
  private readonly engineErrors: Counter<"source">;
  private readonly workFinished: Counter<"operation" | "status">;

  constructor(registry: Registry, store: Store) {
    new Gauge({
      name: "caisson_work_queue_depth",
      help: "Work requests accepted or in progress.",
      registers: [registry],
      async collect() {
        this.set(await store.workRequests.countUnfinished());
      },
    });
    new Gauge({
      name: "caisson_container_instances",
      help: "Container instances by lifecycle state (every tenancy).",
      labelNames: ["state"],
      registers: [registry],
      async collect() {
        this.reset();
        for (const { state, count } of await store.instances.countByState()) this.set({ state }, count);
      },
    });
    this.engineErrors = new Counter({
      name: "caisson_engine_errors_total",
      help: "Failures of the container engine: work it could not do, and unexpected errors of the work engine or the reconciler.",
      labelNames: ["source"],
      registers: [registry],
    });
    this.workFinished = new Counter({
      name: "caisson_work_requests_finished_total",
      help: "Work requests finished, by operation type and final status.",
      labelNames: ["operation", "status"],
      registers: [registry],
    });
  }

  engineError(source: "work" | "reconciler"): void {
    this.engineErrors.inc({ source });
  }

  workRequestFinished(operation: string, status: string): void {
    this.workFinished.inc({ operation, status });
  }
}
