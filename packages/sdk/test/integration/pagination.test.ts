import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ContainerInstanceClient } from "../../src/client.js";
import { fromFile } from "../../src/config/config-file.js";
import type { ContainerInstanceSummary } from "../../src/models.js";
import { paginateRecords } from "../../src/paginators/paginate.js";
import { type Caisson, startCaisson, WAIT } from "./support/caisson.js";

let caisson: Caisson;
/** Ids of the five instances, in the order they were created. */
const ids: string[] = [];
const NAMES = ["page-0", "page-1", "page-2", "page-3", "page-4"];

beforeAll(async () => {
  caisson = await startCaisson();
  // Created one after another, so timeCreated follows the list order; each server has a fresh tenancy, so
  // these five are the only instances in the compartment.
  for (const name of NAMES) {
    const created = await caisson.client.createContainerInstance(caisson.details(name));
    await caisson.client.waiters.forWorkRequest(created.workRequestId!, ["SUCCEEDED"], WAIT);
    ids.push(created.data.id);
  }
});

afterAll(async () => {
  await caisson?.stop();
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("paginators against caisson serve (5 instances, limit 2)", () => {
  test("records come one at a time across all pages, in both sort orders", async () => {
    const { client, compartmentId } = caisson;
    const asc = await collect(
      client.paginate.listContainerInstances(compartmentId, { limit: 2, sortBy: "displayName", sortOrder: "ASC" }),
    );
    expect(asc.map((i) => i.displayName)).toEqual(NAMES);
    const desc = await collect(
      client.paginate.listContainerInstances(compartmentId, { limit: 2, sortBy: "displayName", sortOrder: "DESC" }),
    );
    expect(desc.map((i) => i.displayName)).toEqual([...NAMES].reverse());
  });

  test("responses: three pages of 2, 2 and 1, each asking for the previous page's opc-next-page", async () => {
    const { client, compartmentId } = caisson;
    const pages = await collect(
      client.paginate.listContainerInstancesResponses(compartmentId, {
        limit: 2,
        sortBy: "timeCreated",
        sortOrder: "ASC",
      }),
    );
    expect(pages.map((p) => p.data.items.length)).toEqual([2, 2, 1]);
    expect(pages.flatMap((p) => p.data.items.map((i) => i.id))).toEqual(ids);
    expect(pages[0]!.nextPage).toBeTruthy();
    expect(pages[1]!.nextPage).toBeTruthy();
    expect(pages[2]!.nextPage).toBeUndefined();
    expect(new URL(pages[0]!.request.url).searchParams.get("page")).toBeNull();
    expect(new URL(pages[1]!.request.url).searchParams.get("page")).toBe(pages[0]!.nextPage);
    expect(new URL(pages[2]!.request.url).searchParams.get("page")).toBe(pages[1]!.nextPage);
    for (const page of pages) expect(new URL(page.request.url).searchParams.get("limit")).toBe("2");

    const newestFirst = await collect(
      client.paginate.listContainerInstancesResponses(compartmentId, {
        limit: 2,
        sortBy: "timeCreated",
        sortOrder: "DESC",
      }),
    );
    expect(newestFirst.flatMap((p) => p.data.items.map((i) => i.id))).toEqual([...ids].reverse());
  });

  test("page starts the walk from a given page", async () => {
    const { client, compartmentId } = caisson;
    const opts = { limit: 2, sortBy: "displayName", sortOrder: "ASC" } as const;
    const first = await client.listContainerInstances(compartmentId, opts);
    const rest = await collect(
      client.paginate.listContainerInstances(compartmentId, { ...opts, page: first.nextPage }),
    );
    expect(rest.map((i) => i.displayName)).toEqual(NAMES.slice(2));
  });

  test("the iterators are lazy: breaking out after three records has fetched two pages", async () => {
    // Counting requests needs a hook into the transport; everything else is the client a user builds.
    let requests = 0;
    const client = new ContainerInstanceClient(fromFile(caisson.server.configFile), {
      serviceEndpoint: caisson.server.url,
      fetch: (url, init) => {
        requests++;
        return fetch(url, init);
      },
    });
    const seen: ContainerInstanceSummary[] = [];
    for await (const instance of client.paginate.listContainerInstances(caisson.compartmentId, { limit: 2 })) {
      seen.push(instance);
      if (seen.length === 3) break;
    }
    expect(seen).toHaveLength(3);
    expect(requests).toBe(2);
  });

  test("every list operation pages: containers, work requests, work request logs, shapes", async () => {
    const { client, compartmentId } = caisson;
    const containers = await collect(
      client.paginate.listContainersResponses(compartmentId, { limit: 2, sortBy: "displayName", sortOrder: "ASC" }),
    );
    expect(containers.length).toBe(3);
    expect(containers.flatMap((p) => p.data.items.map((c) => c.displayName))).toEqual(NAMES.map((n) => `${n}-app`));

    const workRequests = await collect(client.paginate.listWorkRequests(compartmentId, { limit: 2 }));
    expect(workRequests.filter((w) => w.operationType === "CREATE_CONTAINER_INSTANCE")).toHaveLength(5);

    const wrId = workRequests[0]!.id;
    const logsAtOnce = (await client.listWorkRequestLogs(wrId)).data.items;
    const logPages = await collect(client.paginate.listWorkRequestLogsResponses(wrId, { limit: 1 }));
    expect(logPages.every((p) => p.data.items.length <= 1)).toBe(true);
    expect(logPages.flatMap((p) => p.data.items)).toEqual(logsAtOnce);
    expect(await collect(client.paginate.listWorkRequestErrors(wrId, { limit: 1 }))).toEqual([]);

    const shapesAtOnce = (await client.listContainerInstanceShapes(compartmentId)).data.items;
    const shapes = await collect(client.paginate.listContainerInstanceShapes(compartmentId, { limit: 1 }));
    expect(shapes).toEqual(shapesAtOnce);
    expect(shapes.length).toBeGreaterThan(1);
  });

  test("paginateRecords works with any list call", async () => {
    const { client, compartmentId } = caisson;
    const names = await collect(
      paginateRecords((page) =>
        client.listContainers(compartmentId, { page, limit: 3, sortBy: "displayName", sortOrder: "DESC" }),
      ),
    );
    expect(names.map((c) => c.displayName)).toEqual(NAMES.map((n) => `${n}-app`).reverse());
  });
});
