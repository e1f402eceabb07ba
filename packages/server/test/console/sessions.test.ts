import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeEach, describe, expect, test } from "vitest";
import { generateApiKey } from "../../src/auth/api-key.js";
import { ConsoleSessions } from "../../src/console/sessions.js";
import type { Store } from "../../src/store/store.js";
import { createActive, ManualClock, V } from "../operations/helpers.js";
import { DIALECTS, stopPostgres } from "../support/dialects.js";
import { type Harness, startHarness } from "../support/harness.js";
import { secondTenancy } from "../support/second-tenancy.js";
import { asBrowser, browserSession, challenge, HOST, ORIGIN, postSignIn, signed, signIn } from "./support.js";

const TTL_MS = 60 * 60 * 1000;
const A = "/_caisson/admin";

afterAll(() => stopPostgres());

/** Console sessions against each store dialect: the same behaviour on SQLite and PostgreSQL. */
describe.each(DIALECTS)("console sessions on $name", (dialect) => {
  let h: Harness;
  let store: Store;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    store = await dialect.open();
    h = await startHarness({ clock, store, http: { console: { files: new Map(), sessionTtlMs: TTL_MS } } });
  });
  afterEach(async () => {
    await h.close();
  });

  test("a challenge signed with the user's key opens a session: HttpOnly, SameSite=Strict cookie; only a hash stored", async () => {
    const session = await signIn(h);
    const setCookie = String(session.response.headers["set-cookie"]);
    expect(setCookie).toMatch(/; Path=\/; HttpOnly; SameSite=Strict; Max-Age=3600$/);
    expect(setCookie).not.toMatch(/Secure/); // plain HTTP here; set over HTTPS
    expect(session.response.json()).toMatchObject({
      tenancyId: h.boot.tenancyId,
      userId: h.boot.userId,
      fingerprint: h.caller.fingerprint,
      expiresAt: new Date(clock.now().getTime() + TTL_MS).toISOString(),
    });
    const rows = await store.consoleSessions.find(
      "session",
      createHash("sha256").update(session.token).digest("hex"),
      clock.now().toISOString(),
    );
    expect(rows?.user_id).toBe(h.boot.userId);
    // The token itself is nowhere in the table.
    expect(JSON.stringify(rows)).not.toContain(session.token);

    const view = await asBrowser(h, session, { method: "GET", url: "/_caisson/console/session" });
    expect(view.statusCode).toBe(200);
    expect(view.json().csrfToken).toBe(session.csrfToken);
    expect(view.headers["cache-control"]).toBe("no-store");
  });

  test("the session runs API calls as its user, through the same routes; changes need the CSRF header and Origin", async () => {
    const session = await signIn(h);
    const list = await asBrowser(h, session, {
      method: "GET",
      url: `${V}/containerInstances?compartmentId=${h.boot.compartmentId}`,
    });
    expect(list.statusCode, list.body).toBe(200);

    const create = { method: "POST" as const, url: `${V}/containerInstances`, body: h.createDetails() };
    const noCsrf = await asBrowser(h, session, { ...create, headers: { "x-caisson-csrf": "" } });
    expect(noCsrf.statusCode).toBe(401);
    expect(noCsrf.json()).toMatchObject({ code: "NotAuthenticated", message: expect.stringMatching(/x-caisson-csrf/) });
    const wrongCsrf = await asBrowser(h, session, { ...create, headers: { "x-caisson-csrf": "A".repeat(43) } });
    expect(wrongCsrf.statusCode).toBe(401);
    const foreign = await asBrowser(h, session, { ...create, headers: { origin: "http://evil.example" } });
    expect(foreign.statusCode).toBe(401);
    expect(foreign.json().message).toMatch(/Origin "http:\/\/evil.example" is not this server's/);
    const noOrigin = await h.app.inject({
      method: "POST",
      url: create.url,
      headers: {
        host: HOST,
        cookie: session.cookie,
        "x-caisson-csrf": session.csrfToken,
        "content-type": "application/json",
      },
      payload: JSON.stringify(create.body),
    });
    expect(noOrigin.statusCode).toBe(401);
    expect(
      (await h.call({ method: "GET", path: `${V}/containerInstances?compartmentId=${h.boot.compartmentId}` })).json()
        .items,
    ).toHaveLength(0);

    const created = await asBrowser(h, session, create);
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json().compartmentId).toBe(h.boot.compartmentId);
    expect(created.headers["opc-work-request-id"]).toBeDefined();
  });

  test("another tenancy's instance is 404 under a session, exactly as under a signature", async () => {
    const mine = await createActive(h);
    const id = mine.id;
    const containerId = mine.body.containers[0]!.containerId;
    // A user of another tenancy, signed in to the console with their own key.
    const stranger = await signIn(h, await secondTenancy(h));
    for (const call of [
      { method: "GET" as const, url: `${V}/containerInstances/${id}` },
      { method: "POST" as const, url: `${V}/containerInstances/${id}/actions/stop` },
      { method: "DELETE" as const, url: `${V}/containerInstances/${id}` },
      { method: "GET" as const, url: `${V}/containers/${containerId}` },
      { method: "POST" as const, url: `${V}/containers/${containerId}/actions/retrieveLogs` },
      { method: "GET" as const, url: `${V}/workRequests/${mine.workRequestId}` },
      { method: "GET" as const, url: `${V}/containerInstances?compartmentId=${h.boot.compartmentId}` },
    ]) {
      const answer = await asBrowser(h, stranger, call);
      expect(answer.statusCode, `${call.method} ${call.url}`).toBe(404);
      expect(answer.json().code).toBe("NotAuthorizedOrNotFound");
    }
    const still = await h.call({ method: "GET", path: `${V}/containerInstances/${id}` });
    expect(still.json().lifecycleState).toBe("ACTIVE");
  });

  test("a challenge is good for one attempt; a wrong key or signature is refused and opens nothing", async () => {
    const text = await challenge(h);
    const ids = { tenancyId: h.caller.tenancyId, userId: h.caller.userId, fingerprint: h.caller.fingerprint };
    const other = await generateApiKey();
    const wrong = await postSignIn(h, { ...ids, challenge: text, signature: signed(other.privateKeyPem, text) });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().message).toMatch(/Sign-in refused/);
    expect(wrong.headers["set-cookie"]).toBeUndefined();
    // The right signature over the challenge already tried is refused too: one attempt per challenge.
    const replay = await postSignIn(h, { ...ids, challenge: text, signature: signed(h.caller.privateKeyPem, text) });
    expect(replay.statusCode).toBe(401);
    // A challenge the server never issued, signed correctly.
    const made = "B".repeat(43);
    expect(
      (await postSignIn(h, { ...ids, challenge: made, signature: signed(h.caller.privateKeyPem, made) })).statusCode,
    ).toBe(401);
    // An expired challenge.
    const late = await challenge(h);
    clock.advance(3 * 60 * 1000);
    const expired = await postSignIn(
      h,
      { ...ids, challenge: late, signature: signed(h.caller.privateKeyPem, late) },
      {
        "x-date": clock.now().toUTCString(),
      },
    );
    expect(expired.statusCode).toBe(401);
  });

  test("a session expires after its time to live", async () => {
    const session = await signIn(h);
    clock.advance(TTL_MS - 1_000);
    expect(
      (
        await asBrowser(h, session, {
          method: "GET",
          url: `${V}/containerInstances?compartmentId=${h.boot.compartmentId}`,
        })
      ).statusCode,
    ).toBe(200);
    clock.advance(2_000);
    const late = await asBrowser(h, session, {
      method: "GET",
      url: `${V}/containerInstances?compartmentId=${h.boot.compartmentId}`,
    });
    expect(late.statusCode).toBe(401);
    expect(late.json().message).toMatch(/expired or was ended/);
    expect((await asBrowser(h, session, { method: "GET", url: "/_caisson/console/session" })).statusCode).toBe(401);
  });

  test("sign-out ends the session and clears the cookie; it needs the CSRF header", async () => {
    const session = await signIn(h);
    const forged = await asBrowser(h, session, {
      method: "DELETE",
      url: "/_caisson/console/session",
      headers: { "x-caisson-csrf": "x" },
    });
    expect(forged.statusCode).toBe(401);
    const out = await asBrowser(h, session, { method: "DELETE", url: "/_caisson/console/session" });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers["set-cookie"])).toMatch(
      /^caisson_console=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0/,
    );
    expect(
      (
        await asBrowser(h, session, {
          method: "GET",
          url: `${V}/containerInstances?compartmentId=${h.boot.compartmentId}`,
        })
      ).statusCode,
    ).toBe(401);
  });

  test("deleting the API key a session was opened with ends the session at once", async () => {
    const second = await generateApiKey();
    const up = await h.call({
      method: "POST",
      path: `${A}/users/${h.boot.userId}/apiKeys`,
      body: { publicKey: second.publicKeyPem },
    });
    expect(up.statusCode, up.body).toBe(200);
    const viaSecond = await signIn(h, {
      ...h.caller,
      fingerprint: second.fingerprint,
      privateKeyPem: second.privateKeyPem,
    });
    const viaFirst = await signIn(h);
    const gone = await h.call({
      method: "DELETE",
      path: `${A}/users/${h.boot.userId}/apiKeys/${encodeURIComponent(second.fingerprint)}`,
    });
    expect(gone.statusCode).toBe(204);
    const url = `${V}/containerInstances?compartmentId=${h.boot.compartmentId}`;
    expect((await asBrowser(h, viaSecond, { method: "GET", url })).statusCode).toBe(401);
    expect((await asBrowser(h, viaFirst, { method: "GET", url })).statusCode).toBe(200);
  });

  test("the operator's sign-in link works once, until it expires", async () => {
    const sessions = new ConsoleSessions(store, clock, async () => undefined, { sessionTtlMs: TTL_MS });
    const principal = { tenancyId: h.boot.tenancyId, userId: h.boot.userId, fingerprint: h.caller.fingerprint };
    const link = await sessions.newSignInLink(principal);
    const first = await postSignIn(h, { signInLink: link });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().userId).toBe(h.boot.userId);
    const session = browserSession(first);
    expect(
      (
        await asBrowser(h, session, {
          method: "GET",
          url: `${V}/containerInstances?compartmentId=${h.boot.compartmentId}`,
        })
      ).statusCode,
    ).toBe(200);
    const again = await postSignIn(h, { signInLink: link });
    expect(again.statusCode).toBe(401);
    expect(again.json().message).toMatch(/already used or has expired/);

    const old = await sessions.newSignInLink(principal);
    clock.advance(24 * 60 * 60 * 1000 + 1);
    expect((await postSignIn(h, { signInLink: old })).statusCode).toBe(401);
  });

  test("sign-in requests from another origin are refused", async () => {
    const refused = await h.app.inject({
      method: "POST",
      url: "/_caisson/console/challenge",
      headers: { host: HOST, origin: "http://evil.example" },
    });
    expect(refused.statusCode).toBe(401);
    const noOrigin = await h.app.inject({
      method: "POST",
      url: "/_caisson/console/challenge",
      headers: { host: HOST },
    });
    expect(noOrigin.statusCode).toBe(401);
    const link = await postSignIn(h, { signInLink: "C".repeat(43) }, { origin: `${ORIGIN}.evil.example` });
    expect(link.statusCode).toBe(401);
  });
});
