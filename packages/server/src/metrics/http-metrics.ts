import { Counter, Histogram, type Registry } from "prom-client";

/** Requests and their latency by operation and status, as the pipeline answers them. */
export class HttpMetrics {
  private readonly requests: Counter<"operation" | "status">;
  private readonly duration: Histogram<"operation" | "status">;

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: "caisson_http_requests_total",
      help: "HTTP requests answered, by operation and status code.",
      labelNames: ["operation", "status"],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: "caisson_http_request_duration_seconds",
      help: "Time from a request's arrival to its answer, by operation and status code.",
      labelNames: ["operation", "status"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  observe(operation: string, status: number, seconds: number): void {
    const labels = { operation, status: String(status) };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }
}
