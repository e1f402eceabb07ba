/**
 * Turns on the event loop, handed out one per loop iteration: `next()` resolves in a check phase of its own, so
 * callers that each run a long synchronous stretch after it (a work request on SQLite, which answers queries
 * synchronously) run one per iteration, with the requests that arrived meanwhile served in between, instead of
 * all in the same iteration.
 */
export class LoopTurns {
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;

  next(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // An immediate queued while the check phase runs waits for the next iteration: one turn per iteration.
    setImmediate(() => {
      this.scheduled = false;
      this.waiting.shift()?.();
      if (this.waiting.length > 0) this.schedule();
    });
  }
}
