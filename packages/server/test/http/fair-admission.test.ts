import { describe, expect, test } from "vitest";
import { FairAdmission } from "../../src/http/fair-admission.js";
import { TooManyRequestsError } from "../../src/http/rate-limiter.js";

/** An admission whose "later turns of the event loop" run only when the test says so. */
function admission(concurrency: number, queue: number) {
  const later: Array<() => void> = [];
  const gate = new FairAdmission({ concurrency, queue }, (run) => later.push(run));
  const nextTurn = async () => {
    for (const run of later.splice(0)) run();
    await settle();
  };
  return { gate, nextTurn, pendingTurns: () => later.length };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Enters and records when each request got its turn. */
function enterAll(gate: FairAdmission, flow: string, count: number, started: string[], signal?: AbortSignal) {
  return Array.from({ length: count }, (_, i) =>
    gate.enter(flow, signal).then((endTurn) => {
      started.push(`${flow}#${i}`);
      return endTurn;
    }),
  );
}

describe("fair admission", () => {
  test("a flow has at most `concurrency` requests running; the rest start in order, each on a later turn", async () => {
    const { gate, nextTurn, pendingTurns } = admission(2, 10);
    const started: string[] = [];
    const turns = enterAll(gate, "a", 5, started);
    await settle();
    expect(started).toEqual(["a#0", "a#1"]);

    const first = await turns[0]!;
    first();
    // The turn is handed on, but not within the ending request's own run: another client's work goes first.
    await settle();
    expect(started).toEqual(["a#0", "a#1"]);
    expect(pendingTurns()).toBe(1);
    await nextTurn();
    expect(started).toEqual(["a#0", "a#1", "a#2"]);

    first(); // a second call ends nothing more
    await nextTurn();
    expect(started).toEqual(["a#0", "a#1", "a#2"]);
    (await turns[1]!)();
    await nextTurn();
    (await turns[2]!)();
    await nextTurn();
    expect(started).toEqual(["a#0", "a#1", "a#2", "a#3", "a#4"]);
    (await turns[3]!)();
    (await turns[4]!)();
    expect(gate.activeFlows).toBe(0);
  });

  test("attack: a flow that fills its turns and queue leaves another client's requests untouched", async () => {
    const { gate } = admission(1, 3);
    const started: string[] = [];
    const flood = enterAll(gate, "flooder", 4, started);
    const refused = await gate.enter("flooder").then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(TooManyRequestsError);
    expect(refused).toMatchObject({ code: "TooManyRequests", retryAfterSeconds: 1 });
    expect((refused as Error).message).toMatch(/in flight for this user/);

    const neighbour = await gate.enter("neighbour");
    expect(started).toEqual(["flooder#0"]);
    neighbour();
    (await flood[0]!)();
    expect(gate.activeFlows).toBe(1);
  });

  test("a request abandoned while it waits leaves the queue; one abandoned as its turn came passes the turn on", async () => {
    const { gate, nextTurn } = admission(1, 5);
    const started: string[] = [];
    const [running] = enterAll(gate, "first", 1, started);
    const gone = new AbortController();
    const abandoned = gate.enter("first", gone.signal);
    const handedOver = new AbortController();
    const handed = gate.enter("first", handedOver.signal);
    const last = gate.enter("first").then((endTurn) => {
      started.push("last");
      return endTurn;
    });

    gone.abort(new Error("client went away"));
    await expect(abandoned).rejects.toThrow("client went away");
    (await running!)();
    // The turn is on its way to `handed`, which goes away before it begins: the turn goes on to `last`.
    handedOver.abort(new Error("also gone"));
    await expect(handed).rejects.toThrow("also gone");
    await nextTurn();
    await nextTurn();
    expect(started).toEqual(["first#0", "last"]);
    (await last)();
    await nextTurn();
    expect(gate.activeFlows).toBe(0);
  });

  test("a request already abandoned is refused at once, gives away no turn, and its flow is forgotten", async () => {
    const { gate, nextTurn } = admission(1, 5);
    const endTurn = await gate.enter("a");
    const gone = new AbortController();
    gone.abort(new Error("gone"));
    await expect(gate.enter("a", gone.signal)).rejects.toThrow("gone");
    // The running request still holds the one turn: the next one waits.
    let next: (() => void) | undefined;
    const waiting = gate.enter("a").then((end) => {
      next = end;
    });
    await nextTurn();
    expect(next).toBeUndefined();
    endTurn();
    await nextTurn();
    await waiting;
    next?.();
    expect(gate.activeFlows).toBe(0);
    await expect(gate.enter("b", gone.signal)).rejects.toThrow("gone");
    expect(gate.activeFlows).toBe(0);
  });
});
