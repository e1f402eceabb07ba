import { Gauge, type Registry } from "prom-client";
import type { Leadership } from "./leadership.js";

/** Gauges an operator of several replicas watches: who leads, and whether each replica reaches the database. */
export function registerReplicaMetrics(
  registry: Registry,
  replica: { leadership: Leadership; databaseReachable: () => Promise<boolean>; takeOvers: () => number },
): void {
  const { leadership } = replica;
  new Gauge({
    name: "caisson_replica_leader",
    help: "1 while this replica holds the leadership (runs the reconciler, adoption and orphan removal), else 0.",
    labelNames: ["replica"],
    registers: [registry],
    collect() {
      this.reset();
      this.set({ replica: leadership.replicaId }, leadership.holds() ? 1 : 0);
    },
  });
  new Gauge({
    name: "caisson_replica_database_reachable",
    help: "1 when this replica's last look at the database succeeded, else 0.",
    labelNames: ["replica"],
    registers: [registry],
    async collect() {
      this.reset();
      this.set({ replica: leadership.replicaId }, (await replica.databaseReachable()) ? 1 : 0);
    },
  });
  new Gauge({
    name: "caisson_replica_leader_takeovers",
    help: "How many times this replica became the leader since it started.",
    labelNames: ["replica"],
    registers: [registry],
    collect() {
      this.reset();
      this.set({ replica: leadership.replicaId }, replica.takeOvers());
    },
  });
}
