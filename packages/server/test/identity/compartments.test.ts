import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const create = (parent: string, name: string, extra: Record<string, unknown> = {}) =>
  h.call({
    method: "POST",
    path: "/20160918/compartments",
    body: { compartmentId: parent, name, description: `${name} team`, ...extra },
  });

describe("CreateCompartment and GetCompartment", () => {
  test("create answers 200 ACTIVE with an etag that GetCompartment repeats", async () => {
    const res = await create(h.boot.tenancyId, "dev", { freeformTags: { team: "core" } });
    expect(res.statusCode).toBe(200);
    const created = res.json();
    expect(created).toMatchObject({
      compartmentId: h.boot.tenancyId,
      name: "dev",
      description: "dev team",
      lifecycleState: "ACTIVE",
      freeformTags: { team: "core" },
      definedTags: {},
    });
    expect(created.id).toMatch(/^ocid1\.compartment\.oc1\.\./);
    expect(Date.parse(created.timeCreated)).not.toBeNaN();
    expect(res.headers.etag).toMatch(/^[0-9a-f]{32}$/);

    const got = await h.call({ method: "GET", path: `/20160918/compartments/${created.id}` });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(created);
    expect(got.headers.etag).toBe(res.headers.etag);
  });

  test("the root compartment is the tenancy and names the tenancy as its compartment", async () => {
    const got = await h.call({ method: "GET", path: `/20160918/compartments/${h.boot.tenancyId}` });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({
      id: h.boot.tenancyId,
      compartmentId: h.boot.tenancyId,
      lifecycleState: "ACTIVE",
    });
  });

  test("a sibling with the same name is 409 Conflict; the same name elsewhere in the tree is fine", async () => {
    const dev = (await create(h.boot.tenancyId, "dev")).json();
    const again = await create(h.boot.tenancyId, "dev");
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("Conflict");
    expect(again.json().message).toContain('"dev"');
    expect((await create(dev.id, "dev")).statusCode).toBe(200);
  });

  test("bad names, missing fields and unknown parents are refused with OCI codes", async () => {
    const badName = await create(h.boot.tenancyId, "has space");
    expect(badName.statusCode).toBe(400);
    expect(badName.json()).toMatchObject({ code: "InvalidParameter" });
    const missing = await h.call({
      method: "POST",
      path: "/20160918/compartments",
      body: { compartmentId: h.boot.tenancyId, name: "x" },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: "MissingParameter" });
    const orphan = await create("ocid1.compartment.oc1..missing", "x");
    expect(orphan.statusCode).toBe(404);
    expect(orphan.json()).toMatchObject({ code: "NotAuthorizedOrNotFound" });
  });

  test("compartments nest six levels below the root, no deeper", async () => {
    let parent = h.boot.tenancyId;
    for (let level = 1; level <= 6; level++) {
      const res = await create(parent, `level${level}`);
      expect(res.statusCode).toBe(200);
      parent = res.json().id;
    }
    const seventh = await create(parent, "level7");
    expect(seventh.statusCode).toBe(400);
    expect(seventh.json().code).toBe("LimitExceeded");
  });

  test("an opc-retry-token replays the first answer instead of creating twice", async () => {
    const headers = { "opc-retry-token": "create-dev-once" };
    const body = { compartmentId: h.boot.tenancyId, name: "dev", description: "dev" };
    const first = await h.call({ method: "POST", path: "/20160918/compartments", body, headers });
    const second = await h.call({ method: "POST", path: "/20160918/compartments", body, headers });
    expect(second.statusCode).toBe(200);
    expect(second.json().id).toBe(first.json().id);
  });
});

describe("UpdateCompartment", () => {
  test("renames and retags, with a new etag; a stale if-match is 412", async () => {
    const created = await create(h.boot.tenancyId, "dev");
    const id = created.json().id;
    const updated = await h.call({
      method: "PUT",
      path: `/20160918/compartments/${id}`,
      body: { name: "development", freeformTags: { env: "dev" } },
      headers: { "if-match": created.headers.etag as string },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      id,
      name: "development",
      description: "dev team",
      freeformTags: { env: "dev" },
    });
    expect(updated.headers.etag).not.toBe(created.headers.etag);

    const stale = await h.call({
      method: "PUT",
      path: `/20160918/compartments/${id}`,
      body: { description: "late" },
      headers: { "if-match": created.headers.etag as string },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe("NoEtagMatch");
  });

  test("renaming onto a sibling's name is 409 Conflict", async () => {
    await create(h.boot.tenancyId, "a");
    const b = (await create(h.boot.tenancyId, "b")).json();
    const res = await h.call({ method: "PUT", path: `/20160918/compartments/${b.id}`, body: { name: "a" } });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("Conflict");
  });
});
