import { CAISSON_EVENT_TYPES } from "@caisson/api/events";
import { useEffect, useRef, useState } from "preact/hooks";

/**
 * Live updates. The event stream (GET /_caisson/events?follow=true) says when something changed; pages then
 * read again through the ordinary API. Without the stream (not offered, or refused with 429) pages poll.
 */
type Listener = () => void;

export class ChangeFeed {
  private readonly listeners = new Set<Listener>();
  private source: EventSource | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  streaming = false;

  start(): void {
    this.stop();
    const source = new EventSource("/_caisson/events?follow=true&after=latest");
    this.source = source;
    source.onopen = () => {
      this.streaming = true;
    };
    const changed = () => {
      for (const listener of this.listeners) listener();
    };
    for (const type of CAISSON_EVENT_TYPES) {
      source.addEventListener(type, changed);
    }
    source.onmessage = changed;
    source.onerror = () => {
      // A refused stream (404 before the server has one, 429 when too many are open) is closed for good by
      // the browser; a dropped one reconnects by itself. Either way pages poll until it is back.
      if (source.readyState === EventSource.CLOSED) {
        this.streaming = false;
        this.retry = setTimeout(() => this.start(), 60_000);
      }
    };
  }

  stop(): void {
    this.source?.close();
    this.source = undefined;
    this.streaming = false;
    if (this.retry) clearTimeout(this.retry);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export const feed = new ChangeFeed();

const POLL_MS = 2_000;
const POLL_WHILE_STREAMING_MS = 20_000;

/**
 * Loads with `load` now, whenever `keys` change, on every change event, and on a timer (often without the
 * stream, rarely with it). Answers the latest value, the latest error, and a function to load again at once.
 */
export function useLive<T>(
  load: (signal: AbortSignal) => Promise<T>,
  keys: unknown[],
): { value: T | undefined; error: Error | undefined; reload: () => void } {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const loadRef = useRef(load);
  loadRef.current = load;
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running = false;
    let again = false;
    const run = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        const next = await loadRef.current(controller.signal);
        if (!controller.signal.aborted) {
          setValue(next);
          setError(undefined);
        }
      } catch (e) {
        if (!controller.signal.aborted) setError(e as Error);
      } finally {
        running = false;
        if (again && !controller.signal.aborted) {
          again = false;
          void run();
        }
      }
    };
    const schedule = () => {
      timer = setTimeout(
        async () => {
          await run();
          if (!controller.signal.aborted) schedule();
        },
        feed.streaming ? POLL_WHILE_STREAMING_MS : POLL_MS,
      );
    };
    void run();
    schedule();
    const unsubscribe = feed.subscribe(() => void run());
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
      unsubscribe();
    };
  }, [...keys, tick]);
  return { value, error, reload: () => setTick((t) => t + 1) };
}
