import { TooManyRequestsError } from "./rate-limiter.js";

export interface AdmissionLimits {
  /** Requests of one flow processed at once. */
  concurrency: number;
  /** Requests of one flow waiting for their turn; past this many the next is refused 429. */
  queue: number;
}

interface Flow {
  running: number;
  waiting: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
}

/**
 * Fair admission: one flow's requests are processed at most `concurrency` at a time; the rest wait their turn,
 * and a waiting request is resumed on a later turn of the event loop. The store answers SQLite queries
 * synchronously, so a request runs to its answer without letting another one in: a user with 20 requests in
 * flight would put 20 requests' work ahead of everyone else's next one. Admitted this way, another user's request
 * waits behind at most `concurrency` of them.
 *
 * A flow is one user's requests, known once the signature is verified: requests that fail authentication never
 * take, or wait for, anyone's turns. Waiting costs nothing but the parked request.
 */
export class FairAdmission {
  private readonly flows = new Map<string, Flow>();

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly later: (run: () => void) => void = setImmediate,
  ) {
    if (!(limits.concurrency >= 1)) throw new RangeError("admission concurrency must be at least 1");
  }

  /**
   * Resolves, once the request may be processed, to the function that ends its turn (call it once its answer is
   * decided; later calls do nothing). Rejects with 429 TooManyRequests when its flow's queue is full, and with
   * the signal's reason when the request is abandoned while it waits.
   */
  async enter(flowKey: string, abandoned?: AbortSignal): Promise<() => void> {
    let flow = this.flows.get(flowKey);
    if (!flow) {
      flow = { running: 0, waiting: [] };
      this.flows.set(flowKey, flow);
    }
    if (abandoned?.aborted) {
      if (flow.running === 0 && flow.waiting.length === 0) this.flows.delete(flowKey);
      throw abandoned.reason;
    }
    if (flow.running < this.limits.concurrency) {
      flow.running++;
    } else {
      if (flow.waiting.length >= this.limits.queue) throw new TooManyRequestsError(1, IN_FLIGHT_MESSAGE);
      await this.wait(flow, flowKey, abandoned);
    }
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.leave(flowKey, flow);
    };
  }

  /** Flows with requests running or waiting (for tests: an idle flow is forgotten). */
  get activeFlows(): number {
    return this.flows.size;
  }

  private wait(flow: Flow, flowKey: string, abandoned: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: () => {
          abandoned?.removeEventListener("abort", onAbandoned);
          resolve();
        },
        reject,
      };
      const onAbandoned = () => {
        const index = flow.waiting.indexOf(waiter);
        if (index >= 0) {
          flow.waiting.splice(index, 1);
          if (flow.running === 0 && flow.waiting.length === 0) this.flows.delete(flowKey);
        } else {
          // Abandoned after its turn was handed to it, before it began: the turn goes on to the next.
          this.leave(flowKey, flow);
        }
        reject(abandoned?.reason ?? new Error("abandoned while waiting for its turn"));
      };
      abandoned?.addEventListener("abort", onAbandoned, { once: true });
      flow.waiting.push(waiter);
    });
  }

  /** Hands the ending request's turn to its flow's next waiter, on a later turn of the event loop. */
  private leave(flowKey: string, flow: Flow): void {
    const next = flow.waiting.shift();
    if (next) {
      this.later(next.resolve);
      return;
    }
    flow.running--;
    if (flow.running === 0) this.flows.delete(flowKey);
  }
}

const IN_FLIGHT_MESSAGE = "Too many requests in flight for this user; retry after 1 second.";
