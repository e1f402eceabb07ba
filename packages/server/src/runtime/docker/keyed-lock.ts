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

const settle = (): undefined => undefined;

/**
 * Shared and exclusive sections per key: any number of shared sections run together, an exclusive one runs
 * alone, after the shared ones already running, and the shared ones asked for after it wait for it. Creates on a
 * subnet's network share it (each makes its own holder at once); removing the network is exclusive.
 */
export class KeyedSharedLock {
  private readonly keys = new Map<string, { exclusive: Promise<unknown>; shared: Set<Promise<unknown>> }>();

  shared<T>(key: string, work: () => Promise<T>): Promise<T> {
    const state = this.state(key);
    const run = state.exclusive.then(work);
    const done = run.then(settle, settle);
    state.shared.add(done);
    void done.then(() => state.shared.delete(done));
    return run;
  }

  exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const state = this.state(key);
    const run = Promise.all([state.exclusive, ...state.shared]).then(work);
    const done = run.then(settle, settle);
    state.exclusive = done;
    void done.then(() => {
      if (state.exclusive === done && state.shared.size === 0) this.keys.delete(key);
    });
    return run;
  }

  private state(key: string) {
    let state = this.keys.get(key);
    if (!state) {
      state = { exclusive: Promise.resolve(), shared: new Set() };
      this.keys.set(key, state);
    }
    return state;
  }
}
