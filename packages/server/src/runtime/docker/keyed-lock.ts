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
/** What a key's exclusive section is while none is running or queued. */
const IDLE: Promise<unknown> = Promise.resolve();

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
    void done.then(() => {
      state.shared.delete(done);
      this.forgetIfIdle(key, state);
    });
    return run;
  }

  exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const state = this.state(key);
    const run = Promise.all([state.exclusive, ...state.shared]).then(work);
    const done = run.then(settle, settle);
    state.exclusive = done;
    void done.then(() => {
      if (state.exclusive === done) state.exclusive = IDLE;
      this.forgetIfIdle(key, state);
    });
    return run;
  }

  /** How many keys have a section running or waiting (0 once every section has ended). */
  get heldKeys(): number {
    return this.keys.size;
  }

  /** A key no section holds or waits for is forgotten, so the map never grows with every key ever used. */
  private forgetIfIdle(key: string, state: { exclusive: Promise<unknown>; shared: Set<Promise<unknown>> }): void {
    if (state.exclusive === IDLE && state.shared.size === 0 && this.keys.get(key) === state) this.keys.delete(key);
  }

  private state(key: string) {
    let state = this.keys.get(key);
    if (!state) {
      state = { exclusive: IDLE, shared: new Set() };
      this.keys.set(key, state);
    }
    return state;
  }
}
