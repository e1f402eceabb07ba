import { describe, expect, it } from "vitest";
import { paginateRecords, paginateResponses } from "../src/paginators/paginate.js";
import { fakeClient } from "./helpers/client.js";
import { FakeFetch, json } from "./helpers/fake-fetch.js";

const C = "ocid1.compartment.oc1..c";

function threePages() {
  return new FakeFetch(
    json(200, { items: [{ id: "a" }, { id: "b" }] }, { "opc-next-page": "p2" }),
    json(200, { items: [{ id: "c" }] }, { "opc-next-page": "p/3+" }),
    json(200, { items: [{ id: "d" }] }),
  );
}

const query = (url: string) => Object.fromEntries(new URL(url).searchParams);

describe("paginators", () => {
  it("yields every record across 3 pages, passing opc-next-page back as page (encoded)", async () => {
    const fake = threePages();
    const { client } = fakeClient(fake);
    const ids: string[] = [];
    for await (const item of client.paginate.listContainerInstances(C, { lifecycleState: "ACTIVE", limit: 2 })) {
      ids.push(item.id);
    }
    expect(ids).toEqual(["a", "b", "c", "d"]);
    expect(fake.calls.map((c) => query(c.url))).toEqual([
      { compartmentId: C, lifecycleState: "ACTIVE", limit: "2" },
      { compartmentId: C, lifecycleState: "ACTIVE", limit: "2", page: "p2" },
      { compartmentId: C, lifecycleState: "ACTIVE", limit: "2", page: "p/3+" },
    ]);
    expect(fake.calls[2]?.url).toContain("page=p%2F3%2B");
  });

  it("Responses variants yield whole responses with headers", async () => {
    const fake = threePages();
    const { client } = fakeClient(fake);
    const pages = [];
    for await (const response of client.paginate.listContainersResponses(C)) pages.push(response);
    expect(pages.map((p) => p.nextPage)).toEqual(["p2", "p/3+", undefined]);
    expect(pages.map((p) => p.data.items.length)).toEqual([2, 1, 1]);
  });

  it("is lazy: breaking out stops requesting pages", async () => {
    const fake = threePages();
    const { client } = fakeClient(fake);
    for await (const item of client.paginate.listWorkRequests(C)) {
      expect(item).toEqual({ id: "a" });
      break;
    }
    expect(fake.calls).toHaveLength(1);
  });

  it("starts from opts.page", async () => {
    const fake = new FakeFetch(json(200, { items: [{ id: "z" }] }));
    const { client } = fakeClient(fake);
    const all = [];
    for await (const item of client.paginate.listContainerInstanceShapes(C, { page: "p9" })) all.push(item);
    expect(all).toEqual([{ id: "z" }]);
    expect(query(fake.calls[0]!.url).page).toBe("p9");
  });

  it.each([
    ["listWorkRequestErrors", "/20210415/workRequests/wr/errors"],
    ["listWorkRequestLogs", "/20210415/workRequests/wr/logs"],
  ] as const)("%s pages through %s", async (method, path) => {
    const fake = threePages();
    const { client } = fakeClient(fake);
    const all = [];
    for await (const item of client.paginate[method]("wr")) all.push(item);
    expect(all).toHaveLength(4);
    expect(fake.calls.every((c) => new URL(c.url).pathname === path)).toBe(true);
  });

  it("generic paginateRecords / paginateResponses work with any list call", async () => {
    const fake = threePages();
    const { client } = fakeClient(fake);
    const records = [];
    for await (const r of paginateRecords((page) => client.listContainers(C, { page }))) records.push(r);
    expect(records).toHaveLength(4);
    let count = 0;
    for await (const _ of paginateResponses((page) => client.listWorkRequests(C, { page }))) count++;
    expect(count).toBe(1); // the scripted replies are used up; the last one (no next page) repeats
  });
});
