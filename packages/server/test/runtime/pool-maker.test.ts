import { describe, expect, test } from "vitest";
import { type PoolMaker, poolMakerGone } from "../../src/runtime/docker/holder-pool.js";

/**
 * Which replica's unclaimed pool holders a starting replica may sweep: only those whose maker is known to have
 * ended. The engine suites prove the sweep on both engines with a real process; these are the label's cases.
 */
describe("poolMakerGone", () => {
  const us: PoolMaker = { host: "node-1", pidNamespace: "pid:[4026531836]", pid: 100 };
  const dead = () => false;
  const alive = () => true;

  test("a maker on this host, in this pid namespace, whose process has ended", () => {
    expect(poolMakerGone("node-1/pid:[4026531836]/4242", us, dead)).toBe(true);
    expect(poolMakerGone("node-1/pid:[4026531836]/4242", us, alive)).toBe(false);
  });

  test("a maker in another pid namespace is left alone, even when this namespace has no such pid", () => {
    // A replica in a container with the host's name: its pid means nothing here.
    expect(poolMakerGone("node-1/pid:[4026532999]/4242", us, dead)).toBe(false);
  });

  test("a maker on another host is left alone", () => {
    expect(poolMakerGone("node-2/pid:[4026531836]/4242", us, dead)).toBe(false);
  });

  test("a missing or malformed label is left alone", () => {
    for (const label of [undefined, "", "node-1", "node-1/pid:[4026531836]", "node-1/pid:[4026531836]/12x"]) {
      expect(poolMakerGone(label, us, dead), String(label)).toBe(false);
    }
  });
});
