import type { Client } from "pg";
import type { EventWakeup } from "../events/wakeup.js";
import { loadPg } from "../store/pg-module.js";

export const EVENTS_CHANNEL = "caisson_events";

export interface PgEventWakeupOptions {
  channel?: string;
  /** First wait before reconnecting after the listening connection broke; doubles up to `maxReconnectMs`. */
  reconnectMs?: number;
  maxReconnectMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Wake-ups across replicas through PostgreSQL LISTEN/NOTIFY on one channel: a replica that committed events
 * says NOTIFY; every replica LISTENing — itself included — wakes its streams, which read the events table (the
 * table is the truth; a notification only says "look again", so one lost or merged is harmless). Local
 * listeners are also woken at once, without the round trip. When the listening connection breaks (a database
 * restart, pg_terminate_backend) it reconnects with back-off, and wakes every listener once connected again,
 * since notifications sent meanwhile were lost.
 */
export class PgEventWakeup implements EventWakeup {
  private readonly listeners = new Set<() => void>();
  private client: Client | undefined;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private delayMs: number;
  private readonly channel: string;

  private constructor(
    private readonly pgModule: Awaited<ReturnType<typeof loadPg>>,
    private readonly url: string,
    private readonly options: PgEventWakeupOptions,
  ) {
    this.channel = options.channel ?? EVENTS_CHANNEL;
    if (!/^[a-z_][a-z0-9_]*$/.test(this.channel)) throw new Error(`invalid channel name ${this.channel}`);
    this.delayMs = options.reconnectMs ?? 100;
  }

  /** Connects and LISTENs before resolving, so no notification after it is missed. */
  static async connect(url: string, options: PgEventWakeupOptions = {}): Promise<PgEventWakeup> {
    const wakeup = new PgEventWakeup(await loadPg(), url, options);
    await wakeup.listen();
    return wakeup;
  }

  /** Whether the listening connection is up (tests, health). */
  get connected(): boolean {
    return this.client !== undefined;
  }

  notify(): void {
    this.wakeAll();
    const client = this.client;
    if (!client) return;
    client.query(`notify ${this.channel}`).catch((error: unknown) => this.options.onError?.(error));
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    this.listeners.clear();
    if (client) {
      client.removeAllListeners();
      client.on("error", () => {});
      await client.end().catch(() => {});
    }
  }

  private async listen(): Promise<void> {
    const client = new this.pgModule.Client({ connectionString: this.url, connectionTimeoutMillis: 5_000 });
    client.on("notification", (message) => {
      if (message.channel === this.channel) this.wakeAll();
    });
    client.on("error", (error) => this.broken(client, error));
    client.on("end", () => this.broken(client, new Error("the listening connection ended")));
    try {
      await client.connect();
      await client.query(`listen ${this.channel}`);
    } catch (error) {
      client.removeAllListeners();
      client.on("error", () => {});
      await client.end().catch(() => {});
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.delayMs = this.options.reconnectMs ?? 100;
  }

  private broken(client: Client, error: unknown): void {
    if (this.client !== client && this.client !== undefined) return;
    if (this.client === undefined && this.reconnectTimer) return;
    this.client = undefined;
    client.removeAllListeners();
    client.on("error", () => {});
    client.end().catch(() => {});
    if (this.closed) return;
    this.options.onError?.(error);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(async () => {
      this.reconnectTimer = undefined;
      try {
        await this.listen();
        // Whatever was notified while the connection was down is lost: everyone looks again.
        this.wakeAll();
      } catch (error) {
        this.options.onError?.(error);
        this.delayMs = Math.min(this.delayMs * 2, this.options.maxReconnectMs ?? 5_000);
        if (!this.closed) this.scheduleReconnect();
      }
    }, this.delayMs);
    this.reconnectTimer.unref?.();
  }

  private wakeAll(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }
}
