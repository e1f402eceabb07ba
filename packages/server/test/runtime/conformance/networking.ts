import { expect, it } from "vitest";
import { probeHttp } from "../../../src/reconcile/health/probes.js";
import { ipv4InCidr } from "../../../src/runtime/docker/network.js";
import { eventually } from "../support/poll.js";
import { containerSpec, fetchWithNc, instanceSpec, logText, runToExit, sh, waitForState } from "../support/specs.js";
import type { ConformanceContext } from "./context.js";

const WEB = sh("mkdir -p /www && echo hello-from-web > /www/index.html && exec httpd -f -p 8080 -h /www");

/** Retries the fetch until it answers (the server may start after the client), then prints the reply. */
function fetchUntilAnswered(host: string): string[] {
  return sh(
    `for i in $(seq 100); do ${fetchWithNc(host, 8080)} > /tmp/reply 2>/dev/null; ` +
      "if grep -q hello-from-web /tmp/reply; then cat /tmp/reply; exit 0; fi; sleep 0.2; done; exit 1",
  );
}

export function networkingCases(ctx: ConformanceContext): void {
  const { target } = ctx;
  const [subnetA, subnetB, subnetC] = target.subnets;

  it("lets the containers of one instance talk over localhost", async () => {
    const web = containerSpec({ image: target.image, command: WEB });
    const client = containerSpec({ image: target.image, command: fetchUntilAnswered("127.0.0.1") });
    const spec = instanceSpec(subnetA, [web, client]);
    await ctx.create(spec);
    const result = await runToExit(ctx.driver, spec.instanceId, client.containerId);
    expect(result.log).toContain("hello-from-web");
    expect(result.exitCode).toBe(0);
  });

  it("connects instances on one subnet by private IP and keeps other subnets out", async () => {
    const requestedIp = subnetA.cidrBlock.replace(/\.0\/\d+$/, ".77");
    const web = containerSpec({ image: target.image, command: WEB });
    const server = instanceSpec(subnetA, [web], {
      network: { subnetId: subnetA.subnetId, cidrBlock: subnetA.cidrBlock, privateIp: requestedIp },
    });
    await ctx.create(server);
    const ip = (await ctx.driver.inspectInstance(server.instanceId))?.privateIp;
    expect(ip).toBe(requestedIp);
    expect(ipv4InCidr(ip!, subnetA.cidrBlock)).toBe(true);
    await waitForState(ctx.driver, server.instanceId, web.containerId, "running");

    const neighbour = containerSpec({ image: target.image, command: fetchUntilAnswered(ip!) });
    const sameSubnet = instanceSpec(subnetA, [neighbour]);
    await ctx.create(sameSubnet);
    const reached = await runToExit(ctx.driver, sameSubnet.instanceId, neighbour.containerId);
    expect(reached.log).toContain("hello-from-web");

    // Only after the neighbour proved the server answers does a failed attempt from subnet B mean isolation.
    const stranger = containerSpec({
      image: target.image,
      command: sh(`${fetchWithNc(ip!, 8080)} 2>&1; echo "nc-exit=$?"`),
    });
    const otherSubnet = instanceSpec(subnetB, [stranger]);
    await ctx.create(otherSubnet);
    const blocked = await runToExit(ctx.driver, otherSubnet.instanceId, stranger.containerId);
    expect(blocked.log).toContain("nc-exit=");
    expect(blocked.log).not.toContain("hello-from-web");
    const strangerIp = (await ctx.driver.inspectInstance(otherSubnet.instanceId))?.privateIp;
    expect(ipv4InCidr(strangerIp!, subnetB.cidrBlock)).toBe(true);
  });

  it("attack: deleting the last instance of a subnet does not open the other subnets to each other", async () => {
    // netavark 1.4 drops its FORWARD jump to the isolation chains when the last container of an isolated network
    // goes; Caisson's own rules must keep A and B apart through that.
    const web = containerSpec({ image: target.image, command: WEB });
    const server = instanceSpec(subnetA, [web]);
    await ctx.create(server);
    const ip = (await ctx.driver.inspectInstance(server.instanceId))?.privateIp;
    await eventually("httpd to answer the host", async () => {
      const answer = await probeHttp({ ip: ip!, port: 8080, path: "/index.html", timeoutMs: 2000 });
      return answer.ok ? answer : undefined;
    });
    // The stranger knocks every 300 ms and says when a connection is accepted.
    const stranger = containerSpec({
      image: target.image,
      command: sh(
        `while true; do if nc -w 1 ${ip} 8080 </dev/null; then echo REACHED; fi; echo knock; sleep 0.3; done`,
      ),
    });
    const knocking = instanceSpec(subnetB, [stranger]);
    await ctx.create(knocking);
    const knocks = async () =>
      (await logText(ctx.driver, knocking.instanceId, stranger.containerId)).split("knock").length;
    await eventually("the stranger to knock", async () => ((await knocks()) > 2 ? true : undefined));

    const lone = containerSpec({ image: target.image, command: sh("sleep 300") });
    const alone = instanceSpec(subnetC!, [lone]);
    await ctx.create(alone);
    await waitForState(ctx.driver, alone.instanceId, lone.containerId, "running");
    await ctx.driver.deleteInstance(alone.instanceId);
    const after = await knocks();
    await eventually("three more knocks after the delete", async () =>
      (await knocks()) >= after + 3 ? true : undefined,
    );
    expect(await logText(ctx.driver, knocking.instanceId, stranger.containerId)).not.toContain("REACHED");
  });

  it("gives every container the instance's hostname and DNS settings", async () => {
    const probe = containerSpec({ image: target.image, command: sh("hostname; cat /etc/resolv.conf") });
    const spec = instanceSpec(subnetA, [probe], {
      network: { subnetId: subnetA.subnetId, cidrBlock: subnetA.cidrBlock, hostname: "web-1" },
      dns: { nameservers: ["192.0.2.53"], searches: ["caisson.test"], options: ["ndots:3"] },
    });
    await ctx.create(spec);
    const { log } = await runToExit(ctx.driver, spec.instanceId, probe.containerId);
    expect(log.split("\n")[0]).toBe("web-1");
    // On user-defined networks Docker's embedded resolver (127.0.0.11) forwards to the configured servers;
    // podman writes the servers themselves.
    expect(log).toContain(target.embeddedResolver ? `nameserver ${target.embeddedResolver}` : "nameserver 192.0.2.53");
    expect(log).toMatch(/search .*caisson\.test/);
    expect(log).toMatch(/options .*ndots:3/);
  });

  it("keeps the instance's address across a container restart and is reachable from the host", async () => {
    const web = containerSpec({ image: target.image, command: WEB });
    const spec = instanceSpec(subnetA, [web]);
    await ctx.create(spec);
    const before = (await ctx.driver.inspectInstance(spec.instanceId))?.privateIp;
    expect(before).toBeDefined();
    const healthy = () =>
      eventually("httpd to answer the host", async () => {
        const result = await probeHttp({ ip: before!, port: 8080, path: "/index.html", timeoutMs: 2000 });
        return result.ok ? result : undefined;
      });
    await healthy();
    await ctx.driver.restartContainer(spec.instanceId, web.containerId, 5);
    const after = await ctx.driver.inspectInstance(spec.instanceId);
    expect(after?.privateIp).toBe(before);
    expect(after?.containers[0]?.state).toBe("running");
    expect((await healthy()).detail).toContain("HTTP 200");
  });
}
