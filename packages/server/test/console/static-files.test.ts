import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadConsoleFiles } from "../../src/console/static-files.js";
import { type Harness, startHarness } from "../support/harness.js";
import { challenge, HOST, ORIGIN, postSignIn } from "./support.js";

/** The console's files: exact names only, strict headers, and no way out of the build directory. */
let root: string;
let h: Harness;
const SECRET = "top-secret-outside-the-build";

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "caisson-console-files-"));
  const build = join(root, "console");
  mkdirSync(join(build, "assets"), { recursive: true });
  writeFileSync(join(build, "index.html"), "<!doctype html><title>console</title>");
  writeFileSync(join(build, "assets", "main-ABCD2345.js"), "console.log('app')");
  writeFileSync(join(build, "assets", "notes.txt"), "not a console file type");
  writeFileSync(join(root, "secret.html"), SECRET);
  symlinkSync(join(root, "secret.html"), join(build, "assets", "link-ABCD2345.html"));
  symlinkSync("/etc", join(build, "etc"));
  h = await startHarness({ http: { console: { files: loadConsoleFiles(build) } } });
});
afterAll(async () => {
  await h.close();
  rmSync(root, { recursive: true, force: true });
});

const get = (url: string) => h.app.inject({ method: "GET", url, headers: { host: HOST } });

describe("static files", () => {
  test("index.html with the page's security headers; hashed assets cached for good", async () => {
    const index = await get("/console/");
    expect(index.statusCode).toBe(200);
    expect(index.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(index.headers["content-security-policy"]).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(index.headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "x-frame-options": "DENY",
      "cache-control": "no-cache",
    });
    expect((await get("/console/index.html")).body).toBe(index.body);
    const asset = await get("/console/assets/main-ABCD2345.js");
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const bare = await get("/console");
    expect(bare.statusCode).toBe(308);
    expect(bare.headers.location).toBe("/console/");
  });

  test.each([
    "/console/../secret.html",
    "/console/%2e%2e/secret.html",
    "/console/assets/..%2f..%2fsecret.html",
    "/console/assets/%2e%2e%2f%2e%2e%2fsecret.html",
    "/console/%252e%252e/secret.html",
    "/console/..\\secret.html",
    "/console/assets\\..\\..\\secret.html",
    "/console//secret.html",
    "/console/index.html%00.js",
    "/console/assets/link-ABCD2345.html",
    "/console/etc/passwd",
    "/console/etc/hostname",
    "/console/assets/notes.txt",
    "/console/assets/",
    "/console/assets/main-ABCD2345.js/",
    "/console/%69ndex.html",
  ])("%s is not served", async (url) => {
    const answer = await get(url);
    expect([404, 400, 405]).toContain(answer.statusCode);
    expect(answer.body).not.toContain(SECRET);
    expect(answer.body).not.toContain("root:");
    expect(answer.body).not.toContain("not a console file type");
  });

  test("the raw socket path, unnormalised, is not served either", async () => {
    // inject() normalises nothing, but a real client could send the bytes as they are: go through a socket.
    await h.app.listen({ port: 0, host: "127.0.0.1" });
    const address = h.app.server.address() as { port: number };
    const { request } = await import("node:http");
    for (const path of ["/console/../secret.html", "/console/assets/../../secret.html", "/console/..%5csecret.html"]) {
      const body = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request({ host: "127.0.0.1", port: address.port, path, method: "GET" }, (res) => {
          let text = "";
          res.on("data", (chunk) => {
            text += chunk;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on("error", reject);
        req.end();
      });
      expect(body.status, path).not.toBe(200);
      expect(body.text).not.toContain(SECRET);
    }
  });
});

describe("sign-in endpoints", () => {
  test("malformed sign-in bodies are 400 with the field named; never a crash", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /tenancyId: missing or malformed/],
      [{ signInLink: 42 }, /signInLink: missing or malformed/],
      [{ signInLink: "x".repeat(500) }, /signInLink: missing or malformed/],
      [{ tenancyId: "ocid1.tenancy.oc1..aaaa", userId: "nope" }, /userId: missing or malformed/],
      [[1, 2], /tenancyId: missing or malformed/],
    ];
    for (const [body, message] of cases) {
      const answer = await postSignIn(h, body);
      expect(answer.statusCode, JSON.stringify(body)).toBe(400);
      expect(answer.json()).toMatchObject({ code: "InvalidParameter", message: expect.stringMatching(message) });
    }
    const notJson = await h.app.inject({
      method: "POST",
      url: "/_caisson/console/session",
      headers: { host: HOST, origin: ORIGIN, "content-type": "application/json" },
      payload: "{nope",
    });
    expect(notJson.statusCode).toBe(400);
    const huge = await h.app.inject({
      method: "POST",
      url: "/_caisson/console/session",
      headers: { host: HOST, origin: ORIGIN, "content-type": "application/json" },
      payload: JSON.stringify({ signInLink: "x".repeat(64 * 1024) }),
    });
    expect(huge.statusCode).toBe(413);
  });

  test("sign-in attempts are rate-limited per client address", async () => {
    // One per second with a burst of two.
    const limited = await startHarness({ http: { console: { files: new Map() }, rateLimit: { perSecond: 1 } } });
    const answers = [];
    for (let i = 0; i < 4; i++) {
      answers.push(
        (
          await limited.app.inject({
            method: "POST",
            url: "/_caisson/console/challenge",
            headers: { host: HOST, origin: ORIGIN },
          })
        ).statusCode,
      );
    }
    expect(answers).toEqual([200, 200, 429, 429]);
    await expect(challenge(limited).catch((e: Error) => e.message)).resolves.toMatch(/429/);
    await limited.close();
  });
});
