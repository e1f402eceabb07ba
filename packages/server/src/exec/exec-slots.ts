import { ApiError } from "../errors.js";

export const DEFAULT_EXEC_SESSIONS_PER_TENANCY = 8;

/** Open exec sessions per tenancy, bounded: each holds a process in a container and two sockets. */
export class ExecSlots {
  readonly #open = new Map<string, number>();

  constructor(private readonly perTenancy = DEFAULT_EXEC_SESSIONS_PER_TENANCY) {}

  /** Takes a slot or throws 429 TooManyRequests; the returned function gives it back (once). */
  take(tenancyId: string): () => void {
    const open = this.#open.get(tenancyId) ?? 0;
    if (open >= this.perTenancy) {
      throw new ApiError(
        "TooManyRequests",
        `This tenancy already has ${open} exec sessions open, the most allowed; end one first.`,
      );
    }
    this.#open.set(tenancyId, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(tenancyId) ?? 1) - 1;
      if (left <= 0) this.#open.delete(tenancyId);
      else this.#open.set(tenancyId, left);
    };
  }
}
