import { afterAll, expect, test } from "vitest";
import { EVENTS_CHANNEL, PgEventWakeup } from "../../src/replica/pg-wake.js";
import { postgresUrl, stopPostgres } from "../support/dialects.js";

afterAll(() => stopPostgres());

const until = async (what: string, probe: () => boolean, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** A channel of this test's own, so parallel files on the same server do not wake each other. */
const channel = () => `${EVENTS_CHANNEL}_${Math.random().toString(36).slice(2, 10)}`;

test("a notify on one replica wakes the listeners of another (and its own at once)", async () => {
  const url = await postgresUrl();
  const name = channel();
  const a = await PgEventWakeup.connect(url, { channel: name });
  const b = await PgEventWakeup.connect(url, { channel: name });
  try {
    let seenA = 0;
    let seenB = 0;
    a.subscribe(() => seenA++);
    const unsubscribe = b.subscribe(() => seenB++);
    a.notify();
    expect(seenA).toBeGreaterThanOrEqual(1);
    await until("b to wake", () => seenB >= 1);
    unsubscribe();
    const before = seenB;
    a.notify();
    await until("a's own notification to come back", () => seenA >= 3);
    expect(seenB).toBe(before);
  } finally {
    await a.close();
    await b.close();
  }
});

test("the listening connection killed by the server: it reconnects, wakes everyone once, and hears again", async () => {
  const url = await postgresUrl();
  const name = channel();
  const errors: unknown[] = [];
  const a = await PgEventWakeup.connect(url, { channel: name });
  const b = await PgEventWakeup.connect(url, { channel: name, onError: (e) => errors.push(e) });
  const { default: pg } = await import("pg");
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    let seenB = 0;
    b.subscribe(() => seenB++);
    // a's last statement becomes its NOTIFY, so only b's connection (last statement: LISTEN) is terminated.
    a.notify();
    await until("b to hear a", () => seenB >= 1);
    seenB = 0;
    await admin.query(
      "select pg_terminate_backend(pid) from pg_stat_activity where query = $1 and pid <> pg_backend_pid()",
      [`listen ${name}`],
    );
    await until("b to notice and reconnect", () => errors.length > 0 && b.connected);
    // Reconnected: notifications missed meanwhile are made up for by one wake-up of every listener.
    await until("the catch-up wake-up", () => seenB >= 1);
    const before = seenB;
    a.notify();
    await until("b to hear a again", () => seenB > before);
  } finally {
    await admin.end();
    await a.close();
    await b.close();
  }
});
