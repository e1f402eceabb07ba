// Work throughput: 1,000 CreateContainerInstance calls submitted at once against the emulated runtime; every
// instance must reach ACTIVE, none lost and none duplicated. Throughput is printed for information.
import { CaissonApi } from "../lib/api.mjs";
import { figure, info } from "../lib/figures.mjs";
import { startCaisson } from "../lib/processes.mjs";
import { bootstrapDataDir } from "../lib/seed.mjs";
import { elapsedMs } from "../lib/stats.mjs";

export const name = "work-throughput";

async function listAll(api, path) {
  const items = [];
  let page;
  do {
    const response = await api.call("GET", `${path}&limit=1000${page ? `&page=${page}` : ""}`);
    items.push(...response.json().items);
    page = response.headers["opc-next-page"];
  } while (page);
  return items;
}

export async function run(ctx) {
  const total = ctx.quick ? 200 : 1000;
  const dataDir = await bootstrapDataDir("work", { template: false });
  const server = await startCaisson(dataDir);
  const api = new CaissonApi(server.url, dataDir, { maxSockets: 1000 });
  try {
    const { compartmentId } = api.identity;
    const [ad] = await api.availabilityDomains();
    await api.raiseServiceLimits();
    ctx.log(`signing ${total} creates`);
    const requests = [];
    for (let i = 0; i < total; i++) {
      const body = api.createBody(ad, `work-${String(i).padStart(4, "0")}`);
      requests.push(
        await api.prepare("POST", "/20210415/containerInstances", body, { "opc-retry-token": `bench-work-${i}` }),
      );
    }
    ctx.log(`submitting ${total} creates at once`);
    const started = process.hrtime.bigint();
    const responses = await Promise.all(requests.map((r) => api.send(r)));
    const acceptedMs = elapsedMs(started);
    const failed = responses.filter((r) => r.status !== 200);
    if (failed.length > 0)
      ctx.note(`${failed.length} creates were refused, e.g. ${failed[0].status} ${failed[0].text}`);
    const createdIds = new Set(responses.filter((r) => r.status === 200).map((r) => r.json().id));

    const deadline = Date.now() + (ctx.quick ? 60_000 : 240_000);
    let active = [];
    let allActiveMs = Number.NaN;
    while (Date.now() < deadline) {
      const instances = await listAll(
        api,
        `/20210415/containerInstances?compartmentId=${compartmentId}&lifecycleState=ACTIVE`,
      );
      active = instances.filter((i) => createdIds.has(i.id));
      if (active.length >= createdIds.size) {
        allActiveMs = elapsedMs(started);
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const listed = await listAll(api, `/20210415/containerInstances?compartmentId=${compartmentId}`);
    const names = listed.map((i) => i.displayName);
    const duplicated = names.length - new Set(names).size;
    const workRequests = await listAll(api, `/20210415/workRequests?compartmentId=${compartmentId}`);
    const creates = workRequests.filter((w) => w.operationType === "CREATE_CONTAINER_INSTANCE");
    const succeeded = creates.filter((w) => w.status === "SUCCEEDED").length;
    const activeCount = new Set(active.map((i) => i.id)).size;
    ctx.note(`${listed.length} instances listed, ${creates.length} create work requests (${succeeded} SUCCEEDED).`);
    return [
      figure({
        figure: "instances ACTIVE",
        value: activeCount,
        unit: "",
        goal: { on: "value", op: "=", target: total },
      }),
      figure({
        figure: "instances lost (accepted, never ACTIVE)",
        value: total - activeCount,
        goal: { on: "value", op: "=", target: 0 },
      }),
      figure({
        figure: "instances duplicated (listed more than once per create)",
        value: duplicated + Math.max(0, listed.length - total),
        goal: { on: "value", op: "=", target: 0 },
      }),
      figure({
        figure: "create work requests SUCCEEDED",
        value: succeeded,
        goal: { on: "value", op: "=", target: total },
      }),
      info(
        "creates accepted per second",
        (createdIds.size / acceptedMs) * 1000,
        "req/s",
        `${total} at once, ${acceptedMs.toFixed(0)} ms`,
      ),
      info(
        "instances reaching ACTIVE per second",
        (activeCount / allActiveMs) * 1000,
        "inst/s",
        `all ACTIVE after ${allActiveMs.toFixed(0)} ms`,
      ),
    ];
  } finally {
    api.close();
    await server.stop();
  }
}
