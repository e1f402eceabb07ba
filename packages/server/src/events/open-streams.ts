import { ApiError } from "../errors.js";

/** Open streams per tenancy when the operator sets nothing (`serve --max-streams-per-tenancy`). */
export const DEFAULT_MAX_STREAMS_PER_TENANCY = 16;

interface Closable {
  /** Ends the stream from the server's side (at shutdown). */
  end(): void;
}

/**
 * The long-lived streams (events, followed logs) open at one time, per tenancy: each holds a connection, a
 * subscription and a timer, so one tenancy may hold only so many, and the server ends them all when it stops
 * (an open stream would otherwise keep `close()` waiting for ever).
 */
export class OpenStreams {
  private readonly byTenancy = new Map<string, Set<Closable>>();

  constructor(
    private readonly kind: string,
    private readonly maxPerTenancy: number = DEFAULT_MAX_STREAMS_PER_TENANCY,
  ) {}

  /** Takes a slot for `stream`, or throws 429 TooManyRequests; the returned function gives it back (idempotent). */
  open(tenancyId: string, stream: Closable): () => void {
    const open = this.byTenancy.get(tenancyId) ?? new Set<Closable>();
    if (open.size >= this.maxPerTenancy) {
      throw new ApiError(
        "TooManyRequests",
        `This tenancy already has ${open.size} open ${this.kind} streams, the most allowed; close one first.`,
      );
    }
    open.add(stream);
    this.byTenancy.set(tenancyId, open);
    return () => {
      open.delete(stream);
      if (open.size === 0 && this.byTenancy.get(tenancyId) === open) this.byTenancy.delete(tenancyId);
    };
  }

  /** How many streams the tenancy holds open. */
  count(tenancyId: string): number {
    return this.byTenancy.get(tenancyId)?.size ?? 0;
  }

  endAll(): void {
    for (const open of [...this.byTenancy.values()]) for (const stream of [...open]) stream.end();
  }
}
