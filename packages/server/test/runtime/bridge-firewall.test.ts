import { describe, expect, test } from "vitest";
import { BridgeFirewall, type Iptables } from "../../src/runtime/docker/bridge-firewall.js";

/**
 * The rule bookkeeping, against a stand-in iptables that keeps chains as lists of rule strings. That the rules
 * really keep subnets apart on a lapsing netavark is the conformance suite's attack test, on Podman.
 */
function fakeIptables(): { iptables: Iptables; chains: Map<string, string[]>; calls: string[][] } {
  const chains = new Map<string, string[]>([["FORWARD", ["-j NETAVARK_FORWARD"]]]);
  const calls: string[][] = [];
  const iptables: Iptables = async (args) => {
    calls.push(args);
    const [op, chain, ...rest] = args as [string, string, ...string[]];
    const rule = rest.join(" ");
    const rules = chains.get(chain);
    if (op === "-N") {
      if (rules) return { ok: false, output: "iptables: Chain already exists." };
      chains.set(chain, []);
      return { ok: true, output: "" };
    }
    if (!rules) return { ok: false, output: `iptables: No chain/target/match by that name (${chain}).` };
    switch (op) {
      case "-S":
        return { ok: true, output: rules.join("\n") };
      case "-C":
        return { ok: rules.includes(rule), output: "" };
      case "-A":
        rules.push(rule);
        return { ok: true, output: "" };
      case "-I":
        rules.unshift(rest.slice(1).join(" "));
        return { ok: true, output: "" };
      case "-D": {
        const at = rules.indexOf(rule);
        if (at === -1) return { ok: false, output: "iptables: Bad rule (does a matching rule exist in that chain?)." };
        rules.splice(at, 1);
        return { ok: true, output: "" };
      }
      default:
        return { ok: false, output: `unknown ${op}` };
    }
  };
  return { iptables, chains, calls };
}

describe("BridgeFirewall", () => {
  test("only for a local Podman, and only where iptables answers", async () => {
    const { iptables } = fakeIptables();
    expect(await BridgeFirewall.detect({ local: true, flavor: "docker" }, iptables)).toBeUndefined();
    expect(await BridgeFirewall.detect({ local: false, flavor: "podman" }, iptables)).toBeUndefined();
    const broken: Iptables = async () => ({ ok: false, output: "Permission denied (you must be root)" });
    expect(await BridgeFirewall.detect({ local: true, flavor: "podman" }, broken)).toBeUndefined();
  });

  test("the chains are jumped to first from FORWARD; each bridge gets one pair of rules, however often it is isolated", async () => {
    const { iptables, chains } = fakeIptables();
    const firewall = new BridgeFirewall(iptables);
    await firewall.isolate("caisson-net-a", "podman3");
    await firewall.isolate("caisson-net-a", "podman3");
    await firewall.isolate("caisson-net-b", "podman4");
    expect(chains.get("FORWARD")).toEqual(["-j CAISSON_ISOLATION_1", "-j NETAVARK_FORWARD"]);
    expect(chains.get("CAISSON_ISOLATION_1")).toEqual([
      "-i podman3 ! -o podman3 -j CAISSON_ISOLATION_2",
      "-i podman4 ! -o podman4 -j CAISSON_ISOLATION_2",
    ]);
    expect(chains.get("CAISSON_ISOLATION_2")).toEqual(["-o podman3 -j DROP", "-o podman4 -j DROP"]);
  });

  test("a FORWARD jump someone removed is put back at the next isolate", async () => {
    const { iptables, chains } = fakeIptables();
    const firewall = new BridgeFirewall(iptables);
    await firewall.isolate("caisson-net-a", "podman3");
    chains.set("FORWARD", ["-j NETAVARK_FORWARD"]);
    await firewall.isolate("caisson-net-b", "podman4");
    expect(chains.get("FORWARD")?.[0]).toBe("-j CAISSON_ISOLATION_1");
  });

  test("release removes a removed network's rules and leaves the others'", async () => {
    const { iptables, chains } = fakeIptables();
    const firewall = new BridgeFirewall(iptables);
    await firewall.isolate("caisson-net-a", "podman3");
    await firewall.isolate("caisson-net-b", "podman4");
    await firewall.release("caisson-net-a");
    await firewall.release("caisson-net-never-isolated");
    expect(chains.get("CAISSON_ISOLATION_1")).toEqual(["-i podman4 ! -o podman4 -j CAISSON_ISOLATION_2"]);
    expect(chains.get("CAISSON_ISOLATION_2")).toEqual(["-o podman4 -j DROP"]);
  });

  test("a rule iptables refuses to add is an error, not a silent gap", async () => {
    const { iptables } = fakeIptables();
    const refusing: Iptables = async (args) =>
      args[0] === "-A" ? { ok: false, output: "iptables: Resource temporarily unavailable." } : iptables(args);
    await expect(new BridgeFirewall(refusing).isolate("caisson-net-a", "podman3")).rejects.toThrow(
      /iptables -A CAISSON_ISOLATION_[12] .*Resource temporarily unavailable/,
    );
  });
});
