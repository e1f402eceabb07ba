/**
 * Serialises work per key inside this process: two calls for one instance (or one subnet network) never
 * interleave, so "list, then create what is missing" and "remove the network when unused" stay consistent.
 * The engine's unique names remain the backstop against other processes.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
