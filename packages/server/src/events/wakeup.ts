/**
 * Says "look again" to the streams that follow the event table. The table is the truth: a wakeup carries no
 * event, so a lost or duplicated wakeup costs at most a read, never an event. Writers call `notify()` after the
 * transaction holding their events has committed (before, a stream could read and miss them).
 *
 * `LocalEventWakeup` serves one process; replicas sharing PostgreSQL use a LISTEN/NOTIFY implementation of the
 * same interface, so that a change committed by one replica wakes the streams of all.
 */
export interface EventWakeup {
  notify(): void;
  /** Calls `listener` at every notify until the returned function is called. */
  subscribe(listener: () => void): () => void;
  /** Drops every listener; notify() after close does nothing. */
  close(): Promise<void>;
}

export class LocalEventWakeup implements EventWakeup {
  private readonly listeners = new Set<() => void>();
  private closed = false;

  notify(): void {
    if (this.closed) return;
    // A listener that unsubscribes (or subscribes another) while being called must not disturb this round.
    for (const listener of [...this.listeners]) listener();
  }

  subscribe(listener: () => void): () => void {
    if (this.closed) return () => {};
    // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
    const entry = () => listener();
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  /** How many listeners are subscribed (tests check that a closed stream leaves none behind). */
  get size(): number {
    return this.listeners.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
  }
}
