import { describe, expect, test } from "vitest";
import { LoopTurns } from "../../src/work/loop-turns.js";

/** One iteration of the event loop: an immediate queued now runs in the next check phase. */
const iteration = () => new Promise((resolve) => setImmediate(resolve));

describe("turns on the event loop", () => {
  test("waiters resume one per loop iteration, in order, never together", async () => {
    const turns = new LoopTurns();
    const resumed: number[] = [];
    const all = [0, 1, 2].map((i) => turns.next().then(() => resumed.push(i)));
    await iteration();
    expect(resumed).toEqual([0]);
    await iteration();
    expect(resumed).toEqual([0, 1]);
    await iteration();
    expect(resumed).toEqual([0, 1, 2]);
    await Promise.all(all);
  });

  test("a waiter that comes later, with the loop idle, gets the next iteration", async () => {
    const turns = new LoopTurns();
    await turns.next();
    let resumed = false;
    const next = turns.next().then(() => {
      resumed = true;
    });
    expect(resumed).toBe(false);
    await iteration();
    expect(resumed).toBe(true);
    await next;
  });
});
