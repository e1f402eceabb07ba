import type { CaissonEvent } from "@caisson/api";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { LocalEventWakeup } from "../../src/events/wakeup.js";
import { EVENT_ORDER_LOCK } from "../../src/store/event-journal.js";
import { action, createActive, createInstance, expectError, otherTenancy, V } from "../operations/helpers.js";
import { DIALECTS, maintenance, openPostgresTestStore, stopPostgres } from "../support/dialects.js";
import { type Harness, startHarness } from "../support/harness.js";
import { parseSse, readSseUntil, signedFetch } from "../support/signed-fetch.js";

/** GET /_caisson/events on every store dialect, against real databases. */
afterAll(() => stopPostgres());

const SLOW_COMMITS_AFTER_EVENTS = `create function slow_commit() returns trigger language plpgsql as $$
  begin perform pg_sleep(random() * 0.01); return null; end $$`;
const SLOW_COMMIT_TRIGGER = `create constraint trigger slow_commit after insert on events
  deferrable initially deferred for each row execute function slow_commit()`;

const events = (body: string): CaissonEvent[] =>
  parseSse(body).map((e) => {
    const event = JSON.parse(e.data) as CaissonEvent;
    expect(e.id).toBe(event.id);
    expect(e.event).toBe(event.type);
    return event;
  });

describe.each(DIALECTS)("event stream on $name", (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  const start = async (http: Parameters<typeof startHarness>[0] = {}) => {
    h = await startHarness({ store: await dialect.open(), ...http });
    return h;
  };
  const read = async (query = "", headers: Record<string, string> = {}, as = h.caller) => {
    const response = await h.call({ method: "GET", path: `/_caisson/events${query}`, headers }, as);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/event-stream/);
    return events(response.body);
  };
  const listen = async () => {
    const address = await h.app.listen({ host: "127.0.0.1", port: 0 });
    return address;
  };

  test("create → ACTIVE → restart → delete: instance, container and work-request events in commit order", async () => {
    await start();
    const { id, workRequestId } = await createActive(h);
    expect((await action(h, id, "restart")).statusCode).toBe(202);
    await h.engine.drain();
    expect((await h.call({ method: "DELETE", path: `${V}/containerInstances/${id}` })).statusCode).toBe(202);
    await h.engine.drain();

    const all = await read();
    const ids = all.map((e) => BigInt(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(ids).size).toBe(ids.length);
    for (const event of all) {
      expect(event.compartmentId).toBe(h.boot.compartmentId);
      expect(event.containerInstanceId).toBe(id);
      expect(Date.parse(event.time)).not.toBeNaN();
    }
    const instanceStates = all
      .filter((e) => e.type === "containerInstance.stateChanged")
      .map((e) => `${e.previousLifecycleState ?? ""}→${e.lifecycleState}`);
    expect(instanceStates).toEqual([
      "→CREATING",
      "CREATING→ACTIVE",
      "ACTIVE→UPDATING",
      "UPDATING→ACTIVE",
      "ACTIVE→DELETING",
      "DELETING→DELETED",
    ]);
    const work = all.filter((e) => e.type === "workRequest.statusChanged").map((e) => `${e.operationType}:${e.status}`);
    expect(work).toEqual([
      "CREATE_CONTAINER_INSTANCE:ACCEPTED",
      "CREATE_CONTAINER_INSTANCE:IN_PROGRESS",
      "CREATE_CONTAINER_INSTANCE:SUCCEEDED",
      "RESTART_CONTAINER_INSTANCE:ACCEPTED",
      "RESTART_CONTAINER_INSTANCE:IN_PROGRESS",
      "RESTART_CONTAINER_INSTANCE:SUCCEEDED",
      "DELETE_CONTAINER_INSTANCE:ACCEPTED",
      "DELETE_CONTAINER_INSTANCE:IN_PROGRESS",
      "DELETE_CONTAINER_INSTANCE:SUCCEEDED",
    ]);
    expect(all.find((e) => e.type === "workRequest.statusChanged")?.resourceId).toBe(workRequestId);
    const containerStates = all.filter((e) => e.type === "container.stateChanged").map((e) => e.lifecycleState);
    expect(containerStates).toEqual(["CREATING", "ACTIVE", "DELETING", "DELETED"]);
    // The instance turns ACTIVE in the transaction that ends its work request: after it was accepted.
    const position = (predicate: (e: CaissonEvent) => boolean) => all.findIndex(predicate);
    expect(position((e) => e.lifecycleState === "ACTIVE")).toBeGreaterThan(position((e) => e.status === "IN_PROGRESS"));
    expect(position((e) => e.lifecycleState === "DELETED")).toBeGreaterThan(
      position((e) => e.lifecycleState === "DELETING"),
    );
  });

  test("resuming after an id (query or Last-Event-ID) sends exactly what followed it", async () => {
    await start();
    await createActive(h);
    await createActive(h);
    const all = await read();
    expect(all.length).toBeGreaterThan(8);
    const middle = all[4]!.id;
    expect(await read(`?after=${middle}`)).toEqual(all.slice(5));
    expect(await read("", { "last-event-id": middle })).toEqual(all.slice(5));
    expect(await read(`?after=${all.at(-1)!.id}`)).toEqual([]);
    expect(await read("?after=latest")).toEqual([]);
    expect(await read("?after=0")).toEqual(all);
  });

  test("another tenancy sees none of it, and cannot name the first tenancy's compartment", async () => {
    await start();
    await createActive(h);
    const stranger = await otherTenancy(h);
    expect(await read("", {}, stranger)).toEqual([]);
    const theirs = await h.call(
      { method: "GET", path: `/_caisson/events?compartmentId=${h.boot.compartmentId}` },
      stranger,
    );
    expectError(theirs, 404, "NotAuthorizedOrNotFound", h.boot.compartmentId);
    // And their own events stay theirs.
    const created = await h.call(
      { method: "POST", path: `${V}/containerInstances`, body: stranger.createDetails() },
      stranger,
    );
    expect(created.statusCode).toBe(200);
    const mine = await read();
    expect(mine.some((e) => e.resourceId === created.json().id)).toBe(false);
    expect((await read("", {}, stranger)).map((e) => e.resourceId)).toContain(created.json().id);
  });

  test("a change that rolls back leaves no event, and wakes nobody", async () => {
    await start();
    const { id } = await createActive(h);
    const before = await read();
    await expect(
      h.store.transaction(async (repos) => {
        await repos.instances.update(id, { lifecycle_state: "FAILED" }, new Date().toISOString());
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await read()).toEqual(before);
  });

  test("bad input: a malformed after or Last-Event-ID is 400 naming it", async () => {
    await start();
    expectError(await h.call({ method: "GET", path: "/_caisson/events?after=abc" }), 400, "InvalidParameter", "after");
    expectError(await h.call({ method: "GET", path: "/_caisson/events?after=-1" }), 400, "InvalidParameter", "after");
    expectError(
      await h.call({ method: "GET", path: `/_caisson/events?after=${"9".repeat(40)}` }),
      400,
      "InvalidParameter",
      "after",
    );
    expectError(
      await h.call({ method: "GET", path: "/_caisson/events", headers: { "last-event-id": "x" } }),
      400,
      "InvalidParameter",
      "last-event-id",
    );
    expectError(
      await h.call({ method: "GET", path: "/_caisson/events?follow=yes" }),
      400,
      "InvalidParameter",
      "follow",
    );
    const unsigned = await h.app.inject({ method: "GET", url: "/_caisson/events" });
    expect(unsigned.statusCode).toBe(401);
  });

  test("follow: events committed after the stream opened arrive live, with keep-alives in between", async () => {
    await start({ http: { streamKeepAliveMs: 50 } });
    const base = await listen();
    const response = await signedFetch(base, h.caller, "/_caisson/events?follow=true&after=latest");
    expect(response.status).toBe(200);
    const { id } = await createInstance(h);
    void h.engine.drain();
    const { events: got, text } = await readSseUntil(
      response,
      (seen, text) =>
        seen.some((e) => e.data.includes('"lifecycleState":"ACTIVE"') && e.data.includes(id)) &&
        text.includes(": keep-alive\n\n"),
    );
    expect(got.map((e) => JSON.parse(e.data).type)).toContain("workRequest.statusChanged");
    expect(text).toContain(": keep-alive\n\n");
  });

  test("at most N open streams per tenancy: 429 beyond; a stream the client closes frees its slot and listener", async () => {
    await start({ http: { maxStreamsPerTenancy: 2 } });
    const base = await listen();
    const wakeup = h.store.wakeup as LocalEventWakeup;
    expect(wakeup).toBeInstanceOf(LocalEventWakeup);
    const controllers = [new AbortController(), new AbortController()];
    const open = await Promise.all(
      controllers.map((c) => signedFetch(base, h.caller, "/_caisson/events?follow=true", { signal: c.signal })),
    );
    expect(open.map((r) => r.status)).toEqual([200, 200]);
    await waitFor(() => wakeup.size === 2);
    const third = await signedFetch(base, h.caller, "/_caisson/events?follow=true");
    expect(third.status).toBe(429);
    expect(JSON.parse(await third.text())).toMatchObject({ code: "TooManyRequests" });
    // Another tenancy has its own slots.
    const stranger = await otherTenancy(h);
    const theirs = new AbortController();
    const strangers = await signedFetch(base, stranger, "/_caisson/events?follow=true", { signal: theirs.signal });
    expect(strangers.status).toBe(200);
    theirs.abort();

    controllers[0]!.abort();
    await waitFor(() => wakeup.size === 1);
    const again = new AbortController();
    const reopened = await signedFetch(base, h.caller, "/_caisson/events?follow=true", { signal: again.signal });
    expect(reopened.status).toBe(200);
    again.abort();
    controllers[1]!.abort();
    await waitFor(() => wakeup.size === 0);
  });

  test("follow under concurrent writers: every committed event arrives once, in id order", async () => {
    await start();
    const base = await listen();
    const response = await signedFetch(base, h.caller, "/_caisson/events?follow=true");
    const creates = await Promise.all(Array.from({ length: 6 }, () => createInstance(h)));
    await h.engine.drain();
    const stored = await h.store.events.readAfter(h.boot.tenancyId, 0n, 1_000);
    expect(stored.length).toBeGreaterThanOrEqual(creates.length * 5);
    const { events: got } = await readSseUntil(response, (seen) => seen.length >= stored.length);
    expect(got.map((e) => e.id)).toEqual(stored.map((e) => e.id));
  });
});

describe.each(DIALECTS)("event log on $name", (dialect) => {
  let h: Harness;
  afterEach(() => h?.close());

  test("ids follow commit order: a reader that resumes after the last id it saw never skips an event", async () => {
    if (dialect.name === "postgres") {
      const { store, url } = await openPostgresTestStore();
      h = await startHarness({ store });
      // Events are appended last in their transaction; a deferred trigger makes each commit take a random while
      // after the ids are taken, so that without the event-order lock a later id would often commit first.
      await maintenance(url, SLOW_COMMITS_AFTER_EVENTS);
      await maintenance(url, SLOW_COMMIT_TRIGGER);
    } else {
      h = await startHarness({ store: await dialect.open() });
    }
    const ids = [];
    for (let i = 0; i < 8; i++) ids.push((await createInstance(h)).id);
    let writing = true;
    const seen: string[] = [];
    const reader = (async () => {
      let after = await h.store.events.latestId(h.boot.tenancyId);
      for (;;) {
        const done = !writing;
        for (const event of await h.store.events.readAfter(h.boot.tenancyId, after, 1_000)) {
          seen.push(event.id);
          after = BigInt(event.id);
        }
        if (done) return;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    })();
    const start = (await h.store.events.latestId(h.boot.tenancyId)).toString();
    // Each writer changes its own instance and holds its transaction open a random while before committing.
    await Promise.all(
      ids.flatMap((id) =>
        ["ACTIVE", "FAILED", "INACTIVE"].map((state, round) =>
          h.store.transaction(async (repos) => {
            await new Promise((resolve) => setTimeout(resolve, round * 7));
            await repos.instances.update(id, { lifecycle_state: `${state}` }, new Date().toISOString());
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 30));
          }),
        ),
      ),
    );
    writing = false;
    await reader;
    const stored = await h.store.events.readAfter(h.boot.tenancyId, BigInt(start), 1_000);
    expect(stored.length).toBeGreaterThan(0);
    expect(seen).toEqual(stored.map((e) => e.id));
  });

  test("retention forgets events past their age, and all but the newest N of a crowded tenancy", async () => {
    h = await startHarness({ store: await dialect.open() });
    for (let i = 0; i < 3; i++) await createActive(h);
    const all = await h.store.events.readAfter(h.boot.tenancyId, 0n, 1_000);
    expect(all.length).toBeGreaterThan(10);
    expect(await h.store.events.prune("2000-01-01T00:00:00.000Z", 1_000)).toBe(0);
    expect(await h.store.events.prune("2000-01-01T00:00:00.000Z", 5)).toBe(all.length - 5);
    expect(await h.store.events.readAfter(h.boot.tenancyId, 0n, 1_000)).toEqual(all.slice(-5));
    expect(await h.store.events.prune("2999-01-01T00:00:00.000Z", 1_000)).toBe(5);
    // A stream resuming after a forgotten id starts at the oldest event kept (here: none).
    expect(await h.store.events.readAfter(h.boot.tenancyId, BigInt(all[2]!.id), 1_000)).toEqual([]);
  });
});

/** Polls until `check` holds (the server notices a closed socket asynchronously). */
async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the event-order lock on postgres", () => {
  let h: Harness | undefined;
  afterEach(() => h?.close());

  test("is taken only by transactions that append events, and held until they commit", async () => {
    const { store, url } = await openPostgresTestStore();
    h = await startHarness({ store });
    const { id } = await createInstance(h);
    const { default: pg } = await import("pg");
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      // Another session holds the lock (the same key as pg_advisory_xact_lock in store/event-journal.ts).
      await other.query("select pg_advisory_lock($1)", [EVENT_ORDER_LOCK]);
      // A write that appends no event does not wait for it...
      const lease = await h.store.transaction((repos) => repos.leases.tryAcquire("test-lease", "me", 10_000));
      expect(lease?.token).toBe(1);
      // ...one that appends events does, until the lock is free.
      const change = h.store.transaction((repos) =>
        repos.instances.update(id, { lifecycle_state: "FAILED" }, new Date().toISOString()),
      );
      const early = await Promise.race([change.then(() => "committed"), sleep(500).then(() => "waiting")]);
      expect(early).toBe("waiting");
      await other.query("select pg_advisory_unlock($1)", [EVENT_ORDER_LOCK]);
      expect(await change).toBe(true);
    } finally {
      await other.end();
    }
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
