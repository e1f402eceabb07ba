import { createPublicKey } from "node:crypto";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type Harness, startHarness } from "../support/harness.js";
import { secondTenancy } from "../support/second-tenancy.js";
import type { Caller } from "../support/signed-inject.js";
import { testApiKey } from "../support/test-keys.js";

const A = "/_caisson/admin";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

/** Creates a team tenancy through the API and returns the caller its answer makes possible. */
async function createTeam(name: string): Promise<{ caller: Caller }> {
  const res = await h.call({ method: "POST", path: `${A}/tenancies`, body: { name } });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json();
  return {
    caller: {
      tenancyId: body.tenancy.id,
      userId: body.user.id,
      fingerprint: body.apiKey.fingerprint,
      privateKeyPem: body.apiKey.privateKeyPem,
    },
  };
}

describe("tenancies", () => {
  test("creating one answers ids, a network and a working private key exactly once", async () => {
    const res = await h.call({ method: "POST", path: `${A}/tenancies`, body: { name: "team-a" } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    const body = res.json();
    expect(body.tenancy).toMatchObject({ name: "team-a", isOperator: false });
    expect(body.tenancy.id).toMatch(/^ocid1\.tenancy\./);
    expect(body.compartmentId).toBe(body.tenancy.id);
    expect(body.user).toMatchObject({ name: "admin", tenancyId: body.tenancy.id });
    expect(body.apiKey.privateKeyPem).toContain("BEGIN PRIVATE KEY");

    const team: Caller = {
      tenancyId: body.tenancy.id,
      userId: body.user.id,
      fingerprint: body.apiKey.fingerprint,
      privateKeyPem: body.apiKey.privateKeyPem,
    };
    // The new team can list its own subnet at once and sees none of the operator's resources.
    const subnets = await h.call({ method: "GET", path: `/20160918/subnets?compartmentId=${team.tenancyId}` }, team);
    expect(subnets.statusCode).toBe(200);
    expect(subnets.json().map((s: { id: string }) => s.id)).toEqual([body.subnetId]);
    const foreign = await h.call({ method: "GET", path: `/20160918/subnets?compartmentId=${h.boot.tenancyId}` }, team);
    expect(foreign.statusCode).toBe(404);

    const keys = await h.call({ method: "GET", path: `${A}/users/${team.userId}/apiKeys` });
    expect(keys.json().items).toHaveLength(1);
    expect(keys.body).not.toContain("PRIVATE KEY");
  });

  test("lists every tenancy, the operator's first and marked", async () => {
    await createTeam("team-a");
    const res = await h.call({ method: "GET", path: `${A}/tenancies` });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ id: string; name: string; isOperator: boolean }>;
    expect(items.map((t) => [t.name, t.isOperator])).toEqual([
      ["caisson", true],
      ["team-a", false],
    ]);
    const one = await h.call({ method: "GET", path: `${A}/tenancies/${items[1]!.id}` });
    expect(one.json()).toEqual(items[1]);
  });

  test("a duplicate name is 409 Conflict and creates nothing", async () => {
    await createTeam("team-a");
    const again = await h.call({ method: "POST", path: `${A}/tenancies`, body: { name: "team-a" } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("Conflict");
    expect((await h.call({ method: "GET", path: `${A}/tenancies` })).json().items).toHaveLength(2);
  });

  test("a bad name or an unknown field is 400", async () => {
    const bad = await h.call({ method: "POST", path: `${A}/tenancies`, body: { name: "has space" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe("InvalidParameter");
    const extra = await h.call({ method: "POST", path: `${A}/tenancies`, body: { name: "ok", owner: "x" } });
    expect(extra.statusCode).toBe(400);
    const missing = await h.call({ method: "POST", path: `${A}/tenancies`, body: {} });
    expect(missing.json().code).toBe("MissingParameter");
  });
});

describe("authorisation", () => {
  test("users of any other tenancy get 404 NotAuthorizedOrNotFound on every admin route", async () => {
    const other = await secondTenancy(h);
    const calls = [
      { method: "GET", path: `${A}/tenancies` },
      { method: "POST", path: `${A}/tenancies`, body: { name: "sneaky" } },
      { method: "GET", path: `${A}/tenancies/${other.tenancyId}/users` },
      { method: "POST", path: `${A}/users/${other.userId}/apiKeys`, body: {} },
      {
        method: "DELETE",
        path: `${A}/users/${h.boot.userId}/apiKeys/${encodeURIComponent(h.boot.apiKey.fingerprint)}`,
      },
    ] as const;
    for (const call of calls) {
      const res = await h.call(call, other);
      expect(res.statusCode, `${call.method} ${call.path}`).toBe(404);
      expect(res.json().code).toBe("NotAuthorizedOrNotFound");
    }
    const names = (await h.call({ method: "GET", path: `${A}/tenancies` }))
      .json()
      .items.map((t: { name: string }) => t.name);
    expect(names).not.toContain("sneaky");
  });

  test("an unsigned request is 401", async () => {
    const res = await h.app.inject({ method: "GET", url: `${A}/tenancies` });
    expect(res.statusCode).toBe(401);
  });
});

describe("users and API keys", () => {
  test("a new user with a generated key can sign requests in its tenancy", async () => {
    const { caller: team } = await createTeam("team-a");
    const res = await h.call({ method: "POST", path: `${A}/tenancies/${team.tenancyId}/users`, body: { name: "bob" } });
    expect(res.statusCode, res.body).toBe(200);
    const { user, apiKey } = res.json();
    const bob: Caller = {
      tenancyId: team.tenancyId,
      userId: user.id,
      fingerprint: apiKey.fingerprint,
      privateKeyPem: apiKey.privateKeyPem,
    };
    const me = await h.call({ method: "GET", path: `/20160918/users/${bob.userId}` }, bob);
    expect(me.statusCode).toBe(200);
    expect(me.json().name).toBe("bob");
    const users = await h.call({ method: "GET", path: `${A}/tenancies/${team.tenancyId}/users` });
    expect(users.json().items.map((u: { name: string }) => u.name)).toEqual(["admin", "bob"]);
    const dup = await h.call({ method: "POST", path: `${A}/tenancies/${team.tenancyId}/users`, body: { name: "bob" } });
    expect(dup.statusCode).toBe(409);
  });

  test("a user created with a public key gets no private key back", async () => {
    const { caller: team } = await createTeam("team-a");
    const key = testApiKey(1);
    const res = await h.call({
      method: "POST",
      path: `${A}/tenancies/${team.tenancyId}/users`,
      body: { name: "carol", publicKey: key.publicKeyPem },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().apiKey).toMatchObject({ fingerprint: key.fingerprint });
    expect(res.body).not.toContain("PRIVATE KEY");
  });

  test("uploading, listing, and deleting keys; the third key is the last", async () => {
    const { caller: team } = await createTeam("team-a");
    const second = testApiKey(2);
    const up = await h.call({
      method: "POST",
      path: `${A}/users/${team.userId}/apiKeys`,
      body: { publicKey: second.publicKeyPem },
    });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json()).toMatchObject({
      fingerprint: second.fingerprint,
      userId: team.userId,
      tenancyId: team.tenancyId,
    });
    expect(up.json().privateKeyPem).toBeUndefined();

    const dup = await h.call({
      method: "POST",
      path: `${A}/users/${team.userId}/apiKeys`,
      body: { publicKey: second.publicKeyPem },
    });
    expect(dup.statusCode).toBe(409);

    const generated = await h.call({ method: "POST", path: `${A}/users/${team.userId}/apiKeys` });
    expect(generated.statusCode).toBe(200);
    const third = generated.json();
    // The generated private key matches the registered public key.
    expect(createPublicKey(third.privateKeyPem).export({ type: "spki", format: "pem" })).toBe(third.keyValue);

    const fourth = await h.call({ method: "POST", path: `${A}/users/${team.userId}/apiKeys`, body: {} });
    expect(fourth.statusCode).toBe(400);
    expect(fourth.json().code).toBe("LimitExceeded");

    const del = await h.call({
      method: "DELETE",
      path: `${A}/users/${team.userId}/apiKeys/${encodeURIComponent(second.fingerprint)}`,
    });
    expect(del.statusCode).toBe(204);
    const list = await h.call({ method: "GET", path: `${A}/users/${team.userId}/apiKeys` });
    expect(
      list
        .json()
        .items.map((k: { fingerprint: string }) => k.fingerprint)
        .sort(),
    ).toEqual([team.fingerprint, third.fingerprint].sort());
    // A deleted key no longer authenticates; the others still do.
    const asDeleted = { ...team, fingerprint: second.fingerprint, privateKeyPem: second.privateKeyPem };
    expect((await h.call({ method: "GET", path: `/20160918/users/${team.userId}` }, asDeleted)).statusCode).toBe(401);
    expect((await h.call({ method: "GET", path: `/20160918/users/${team.userId}` }, team)).statusCode).toBe(200);

    const gone = await h.call({
      method: "DELETE",
      path: `${A}/users/${team.userId}/apiKeys/${encodeURIComponent(second.fingerprint)}`,
    });
    expect(gone.statusCode).toBe(404);
  });

  test("the key signing the request cannot delete itself; an invalid public key is 400", async () => {
    const self = await h.call({
      method: "DELETE",
      path: `${A}/users/${h.boot.userId}/apiKeys/${encodeURIComponent(h.boot.apiKey.fingerprint)}`,
    });
    expect(self.statusCode).toBe(409);
    expect(self.json().message).toContain("signed this request");

    const bad = await h.call({
      method: "POST",
      path: `${A}/users/${h.boot.userId}/apiKeys`,
      body: { publicKey: "nope" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe("InvalidParameter");
    const unknown = await h.call({ method: "GET", path: `${A}/users/ocid1.user.oc1..nobody/apiKeys` });
    expect(unknown.statusCode).toBe(404);
  });
});
