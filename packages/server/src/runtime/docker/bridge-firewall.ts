import { execFile } from "node:child_process";

/** Runs `iptables -w <args>`; never throws, a failure comes back with what iptables said. */
export type Iptables = (args: string[]) => Promise<{ ok: boolean; output: string }>;

/** Caisson's own chains, jumped to first from FORWARD; no engine knows their names, so none touches them. */
const FROM_SUBNET = "CAISSON_ISOLATION_1";
const TO_SUBNET = "CAISSON_ISOLATION_2";

/**
 * Keeps the bridges of subnets apart with firewall rules of Caisson's own, on a local Podman run as root.
 *
 * Podman keeps isolated bridges apart with netavark's rules, and netavark 1.4 (Podman 4.3, Debian 12) drops its
 * FORWARD jump to them whenever the last container of any isolated network is torn down, until some container is
 * set up again. A tenant could open every subnet to every other by deleting an instance alone in its own subnet.
 * These rules do not lapse: traffic that enters from one Caisson bridge and leaves by another is dropped, whatever
 * netavark does. Docker's own isolation chains do not lapse, so Docker gets none.
 */
export class BridgeFirewall {
  /** Network name → bridge interface, for the rules to remove with the network. */
  private readonly bridges = new Map<string, string>();

  constructor(private readonly iptables: Iptables) {}

  /**
   * A firewall when the engine is a Podman on this host and this process may change the host's rules (root, with
   * iptables); otherwise undefined, and subnets are kept apart by the engine alone (describeIsolation says so).
   */
  static async detect(
    engine: { local: boolean; flavor: string },
    iptables: Iptables = runIptables,
  ): Promise<BridgeFirewall | undefined> {
    if (!engine.local || engine.flavor !== "podman" || process.getuid?.() !== 0) return undefined;
    if (!(await iptables(["-S", "FORWARD"])).ok) return undefined;
    const firewall = new BridgeFirewall(iptables);
    await firewall.ensureChains();
    return firewall;
  }

  /**
   * Drops traffic between this bridge and any other Caisson bridge. Idempotent; checks the rules every time (on
   * every create: another replica may have removed and re-made the network), the three checks at once.
   */
  async isolate(network: string, bridge: string): Promise<void> {
    const from = ["-i", bridge, "!", "-o", bridge, "-j", TO_SUBNET];
    const to = ["-o", bridge, "-j", "DROP"];
    const [jump, fromRule, toRule] = await Promise.all([
      this.iptables(["-C", "FORWARD", "-j", FROM_SUBNET]),
      this.iptables(["-C", FROM_SUBNET, ...from]),
      this.iptables(["-C", TO_SUBNET, ...to]),
    ]);
    if (!jump.ok) await this.ensureChains();
    if (!toRule.ok) await this.addRule(TO_SUBNET, to);
    if (!fromRule.ok) await this.addRule(FROM_SUBNET, from);
    this.bridges.set(network, bridge);
  }

  /** Removes the rules of a network this process isolated, once the network is gone. */
  async release(network: string): Promise<void> {
    const bridge = this.bridges.get(network);
    if (!bridge) return;
    this.bridges.delete(network);
    await this.iptables(["-D", FROM_SUBNET, "-i", bridge, "!", "-o", bridge, "-j", TO_SUBNET]);
    await this.iptables(["-D", TO_SUBNET, "-o", bridge, "-j", "DROP"]);
  }

  private async ensureChains(): Promise<void> {
    for (const chain of [TO_SUBNET, FROM_SUBNET]) {
      const made = await this.iptables(["-N", chain]);
      if (!made.ok && !/exists/i.test(made.output)) throw new Error(`iptables -N ${chain}: ${made.output}`);
    }
    if (!(await this.iptables(["-C", "FORWARD", "-j", FROM_SUBNET])).ok) {
      const inserted = await this.iptables(["-I", "FORWARD", "1", "-j", FROM_SUBNET]);
      if (!inserted.ok) throw new Error(`iptables -I FORWARD 1 -j ${FROM_SUBNET}: ${inserted.output}`);
    }
  }

  private async addRule(chain: string, rule: string[]): Promise<void> {
    const added = await this.iptables(["-A", chain, ...rule]);
    if (!added.ok) throw new Error(`iptables -A ${chain} ${rule.join(" ")}: ${added.output}`);
  }
}

/** The iptables on PATH, or root's usual one when PATH lacks /usr/sbin. */
export const runIptables: Iptables = async (args) => {
  const attempt = (command: string) =>
    new Promise<{ ok: boolean; output: string; missing: boolean }>((resolve) =>
      execFile(command, ["-w", ...args], { timeout: 30_000 }, (error, stdout, stderr) =>
        resolve({
          ok: !error,
          output: `${stdout}${stderr}`.trim() || (error?.message ?? ""),
          missing: (error as NodeJS.ErrnoException | null)?.code === "ENOENT",
        }),
      ),
    );
  const first = await attempt("iptables");
  const answer = first.missing ? await attempt("/usr/sbin/iptables") : first;
  return { ok: answer.ok, output: answer.output };
};
