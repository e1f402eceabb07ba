import { Readable } from "node:stream";
import type { EventRepository, StoredEvent } from "../store/event-repository.js";
import type { EventWakeup } from "./wakeup.js";

export interface EventStreamOptions {
  events: EventRepository;
  wakeup: EventWakeup;
  tenancyId: string;
  compartmentId?: string;
  /** Send events with ids above this one. */
  after: bigint;
  /** Keep the stream open for new events; otherwise end once what exists is sent. */
  follow: boolean;
  /** Interval of `: keep-alive` comments while following. */
  keepAliveMs: number;
  /** Called once when the stream ends or is destroyed (the client went away). */
  onClose: () => void;
}

/** Events read per query. */
const BATCH = 100;

/**
 * A tenancy's events as server-sent events. The table is the truth: the stream reads rows after the last id it
 * sent, and the wakeup only tells it to read again. It reads only while its reader wants more (a slow client
 * costs at most one batch of buffer, never a growing queue), and a destroyed stream (the client went away)
 * unsubscribes and stops its timer at once.
 */
export class EventStream extends Readable {
  private after: bigint;
  private wanted = false;
  private reading = false;
  private again = false;
  private readonly unsubscribe: () => void;
  private readonly keepAlive: NodeJS.Timeout | undefined;
  private released = false;

  constructor(private readonly options: EventStreamOptions) {
    super({ highWaterMark: 64 * 1024 });
    this.after = options.after;
    // Subscribed before the first read: a commit between that read and a later subscription would be missed.
    this.unsubscribe = options.follow ? options.wakeup.subscribe(() => this.pump()) : () => {};
    // A first comment sends the headers at once: a client waiting for them would otherwise wait for the first
    // event or keep-alive.
    this.push(": caisson events\n\n");
    if (options.follow) {
      this.keepAlive = setInterval(() => {
        if (this.wanted) this.wanted = this.push(": keep-alive\n\n");
      }, options.keepAliveMs);
      this.keepAlive.unref?.();
    }
  }

  /** Ends the stream from the server's side (shutdown). */
  end(): void {
    if (!this.destroyed) this.push(null);
  }

  override _read(): void {
    this.wanted = true;
    this.pump();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.release();
    callback(error);
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.unsubscribe();
    clearInterval(this.keepAlive);
    this.options.onClose();
  }

  /** Reads and pushes what is new, while the reader wants more; concurrent calls fold into one more round. */
  private pump(): void {
    if (this.released || this.readableEnded) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    if (!this.wanted) return;
    this.reading = true;
    void this.drain()
      .catch((error: Error) => this.destroy(error))
      .finally(() => {
        this.reading = false;
        if (this.again && this.wanted) {
          this.again = false;
          this.pump();
        }
      });
  }

  private async drain(): Promise<void> {
    const { events, tenancyId, compartmentId, follow } = this.options;
    do {
      this.again = false;
      const rows = await events.readAfter(tenancyId, this.after, BATCH, compartmentId);
      if (this.released) return;
      for (const row of rows) {
        this.after = BigInt(row.id);
        this.wanted = this.push(formatEvent(row));
      }
      if (rows.length < BATCH && !follow) {
        this.push(null);
        this.release();
        return;
      }
      if (rows.length === BATCH) this.again = true;
    } while (this.again && this.wanted && !this.released);
  }
}

/** One server-sent event: `id`, `event` (the type) and the JSON (`data`, with the id in it too). */
export function formatEvent(row: StoredEvent): string {
  const body = JSON.parse(row.body) as Record<string, unknown>;
  return `id: ${row.id}\nevent: ${row.type}\ndata: ${JSON.stringify({ id: row.id, ...body })}\n\n`;
}
