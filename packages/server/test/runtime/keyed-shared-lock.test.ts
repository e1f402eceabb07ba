import { describe, expect, it } from "vitest";
import { KeyedSharedLock } from "../../src/runtime/docker/keyed-lock.js";

/** A promise the test resolves when it chooses, to hold a section open. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe("KeyedSharedLock", () => {
  it("runs shared sections together and an exclusive one alone, between them", async () => {
    const lock = new KeyedSharedLock();
    const order: string[] = [];
    const first = gate();
    const a = lock.shared("net", async () => {
      order.push("a start");
      await first.opened;
      order.push("a end");
    });
    const b = lock.shared("net", async () => {
      order.push("b");
    });
    const x = lock.exclusive("net", async () => {
      order.push("x");
    });
    const c = lock.shared("net", async () => {
      order.push("c");
    });
    const other = lock.exclusive("other", async () => {
      order.push("other");
    });
    await Promise.all([b, other]);
    // b ran while a was still open; the exclusive waits for a, and c (asked after it) waits for the exclusive.
    expect(order).toEqual(["a start", "b", "other"]);
    first.open();
    await Promise.all([a, x, c]);
    expect(order).toEqual(["a start", "b", "other", "a end", "x", "c"]);
  });

  it("keeps going after a section fails", async () => {
    const lock = new KeyedSharedLock();
    await expect(lock.exclusive("net", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(lock.shared("net", async () => "fine")).resolves.toBe("fine");
    await expect(lock.exclusive("net", async () => "again")).resolves.toBe("again");
  });

  it("forgets a key once its sections have ended, whether only shared ones or an exclusive one held it", async () => {
    const lock = new KeyedSharedLock();
    await Promise.all([lock.shared("a", async () => {}), lock.shared("a", async () => {})]);
    await lock.exclusive("b", async () => {});
    const held = gate();
    const open = lock.shared("c", () => held.opened);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lock.heldKeys).toBe(1);
    held.open();
    await open;
    await new Promise((resolve) => setImmediate(resolve));
    expect(lock.heldKeys).toBe(0);
  });
});
