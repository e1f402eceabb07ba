// Abuse: what one tenant can do to the others and to the server, with the default per-user limits on.
//   - neighbour: a second tenant's GetContainerInstance p99 at a steady rate while the first floods
//     CreateContainerInstance as fast as it can, against the same tenant's p99 alone (measured in the same run,
//     on the same server). Goal: ratio ≤ 2. The same ratio with the rate limit off is printed for comparison.
//   - unsigned bodies: the server's resident memory after 20 unsigned 15 MB POSTs sent at once, against before
//     them. Goal: growth < 20 MB (authentication happens before a body is read).
import http from "node:http";
import { CaissonApi } from "../lib/api.mjs";
import { figure, info } from "../lib/figures.mjs";
import { runLoad } from "../lib/load-generator.mjs";
import { residentMemoryMb, startCaisson } from "../lib/processes.mjs";
import { bootstrapDataDir } from "../lib/seed.mjs";

export const name = "abuse";

const NEIGHBOUR_RATE = 50;
const FLOOD_CONNECTIONS = 20;
const BODY_BYTES = 15 * 1024 * 1024;
const BODIES = 20;

export async function run(ctx) {
  const seconds = ctx.quick ? 4 : 10;
  const figures = [];
  const limited = await neighbourUnderFlood(ctx, seconds, { clientLimits: true });
  figures.push(
    figure({
      figure: `neighbour GetContainerInstance p99 at ${NEIGHBOUR_RATE} req/s while another tenant floods creates`,
      value: limited.flooded.latency.p99,
      baseline: limited.alone.latency.p99,
      unit: "ms",
      goal: { on: "ratio", op: "<=", target: 2 },
    }),
    info("neighbour p50 while flooded", limited.flooded.latency.p50, "ms", `alone: ${limited.alone.latency.p50} ms`),
    info(
      "flood: requests answered per second",
      limited.flood.rps,
      "req/s",
      `answers by status: ${statusText(limited.flood)}`,
    ),
  );
  if (!ctx.quick) {
    // For comparison only: the same flood with the rate limit off.
    const open = await neighbourUnderFlood(ctx, seconds, { clientLimits: false });
    figures.push(
      info(
        "for comparison, with --rate-limit 0: neighbour p99 flooded ÷ alone",
        open.flooded.latency.p99 / open.alone.latency.p99,
        "×",
        `${open.flooded.latency.p99} ms vs ${open.alone.latency.p99} ms; flood ${Math.round(open.flood.rps)} req/s, answers by status: ${statusText(open.flood)}`,
      ),
    );
  }

  ctx.log(`${BODIES} unsigned ${BODY_BYTES / 1024 / 1024} MB bodies at once`);
  const fresh = await startCaisson(await bootstrapDataDir("abuse-bodies", { template: false }), { clientLimits: true });
  try {
    await sendUnsigned(fresh.url, 2); // warm up the path, so what follows measures the bodies
    const before = residentMemoryMb(fresh.pid);
    const statuses = await sendUnsigned(fresh.url, BODIES);
    await new Promise((r) => setTimeout(r, 500));
    const after = residentMemoryMb(fresh.pid);
    // The server closes the connection after its 401 rather than drain 15 MB, so a client still writing may see
    // the reset before the answer.
    if (statuses.some((s) => s !== 401 && s !== "connection error")) {
      throw new Error(`unsigned bodies answered ${statuses.join(", ")}`);
    }
    const answered = statuses.filter((s) => s === 401).length;
    figures.push(
      figure({
        figure: `server RSS growth after ${BODIES} unsigned ${BODY_BYTES / 1024 / 1024} MB POSTs`,
        value: after.rss - before.rss,
        unit: "MB",
        goal: { on: "value", op: "<", target: 20 },
        info: `RSS ${before.rss.toFixed(1)} → ${after.rss.toFixed(1)} MB, peak ${after.peak.toFixed(1)} MB; ${answered} read their 401, the others saw the connection closed first`,
      }),
    );
  } finally {
    await fresh.stop();
  }
  ctx.note(
    "Default limits (rate limit and connection cap on). The neighbour's baseline is its own p99 alone, same run, same server.",
  );
  return figures;
}

/** A second tenant's p99 alone, then while the first floods creates, on one fresh server. */
async function neighbourUnderFlood(ctx, seconds, { clientLimits }) {
  const dataDir = await bootstrapDataDir("abuse", { template: false });
  const server = await startCaisson(dataDir, { clientLimits });
  const flooder = new CaissonApi(server.url, dataDir);
  try {
    const neighbour = await neighbourTenant(flooder, server.url);
    const [ad] = await flooder.availabilityDomains();
    const [neighbourAd] = await neighbour.api.availabilityDomains();
    const target = await neighbour.api.call(
      "POST",
      "/20210415/containerInstances",
      createBody(neighbour.identity, neighbourAd),
    );
    const getPath = `/20210415/containerInstances/${target.json().id}`;
    const neighbourLoad = async () => {
      const signed = await neighbour.api.prepare("GET", getPath);
      const result = await runLoad({
        url: `${server.url}${getPath}`,
        headers: signed.headers,
        connections: 1,
        overallRate: NEIGHBOUR_RATE,
        durationSec: seconds,
      });
      if (result.non2xx > 0 || result.errors > 0) {
        throw new Error(`neighbour: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
      }
      return result;
    };

    ctx.log(`neighbour alone (limits ${clientLimits ? "on" : "off"}): warm-up, then measured`);
    await neighbourLoad();
    const alone = await neighbourLoad();

    ctx.log(`neighbour while the first tenant floods creates (${FLOOD_CONNECTIONS} connections)`);
    const create = await flooder.prepare("POST", "/20210415/containerInstances", flooder.createBody(ad));
    const floodRun = runLoad({
      url: `${server.url}/20210415/containerInstances`,
      method: "POST",
      headers: create.headers,
      body: create.body,
      connections: FLOOD_CONNECTIONS,
      durationSec: seconds + 2,
    });
    await new Promise((r) => setTimeout(r, 1_000));
    const flooded = await neighbourLoad();
    return { alone, flooded, flood: await floodRun };
  } finally {
    flooder.close();
    await server.stop();
  }
}

/** A second tenancy made through the admin API, with its own signer. */
async function neighbourTenant(operator, url) {
  const made = (await operator.call("POST", "/_caisson/admin/tenancies", { name: "neighbour" })).json();
  const identity = {
    tenancyId: made.tenancy.id,
    userId: made.user.id,
    fingerprint: made.apiKey.fingerprint,
    privateKeyPem: made.apiKey.privateKeyPem,
    compartmentId: made.compartmentId,
    subnetId: made.subnetId,
  };
  const api = new CaissonApi(url, undefined, { identity });
  return { api, identity };
}

function createBody(identity, availabilityDomain) {
  return {
    compartmentId: identity.compartmentId,
    availabilityDomain,
    shape: "CI.Standard.E4.Flex",
    shapeConfig: { ocpus: 1 },
    containers: [{ imageUrl: "busybox" }],
    vnics: [{ subnetId: identity.subnetId }],
  };
}

/** POSTs `count` unsigned bodies of BODY_BYTES at once, each streamed whole; resolves to their statuses. */
function sendUnsigned(baseUrl, count) {
  const url = new URL(baseUrl);
  const chunk = Buffer.alloc(1024 * 1024, 0x61);
  const one = () =>
    new Promise((resolve) => {
      const req = http.request({
        host: url.hostname,
        port: url.port,
        method: "POST",
        path: "/20210415/containerInstances",
        agent: false,
        headers: { "content-type": "application/json", "content-length": BODY_BYTES },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on("error", () => resolve("connection error"));
      let sent = 0;
      const pump = () => {
        while (sent < BODY_BYTES) {
          sent += chunk.length;
          if (!req.write(chunk)) return req.once("drain", pump);
        }
        req.end();
      };
      pump();
    });
  return Promise.all(Array.from({ length: count }, one));
}

/** "429: 1234, 400: 56": what the flood was answered (a 400 LimitExceeded once the tenancy's instances run out). */
function statusText(load) {
  return Object.entries(load.statusCodes ?? {})
    .map(([code, count]) => `${code}: ${count}`)
    .join(", ");
}
