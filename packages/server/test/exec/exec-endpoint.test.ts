import { afterEach, describe, expect, test } from "vitest";
import { action, createActive, otherTenancy, V } from "../operations/helpers.js";
import { type Harness, startHarness } from "../support/harness.js";
import { type UpgradeAnswer, upgradeRequest } from "./upgrade-client.js";

/**
 * The exec endpoint's refusals, without an engine (the emulated runtime runs nothing): everything that can be
 * refused is refused with an OCI error before the 101. Engine tests (packages/cli/test/runtime/exec*.ts) prove
 * the sessions themselves.
 */
let h: Harness;
let url: string;
afterEach(() => h?.close());

async function start(options: Parameters<typeof startHarness>[0] & { exec?: boolean } = {}) {
  h = await startHarness(options);
  url = await h.app.listen({ host: "127.0.0.1", port: 0 });
}

const body = (value: unknown = { command: ["sh", "-c", "echo hi"] }) => JSON.stringify(value);

function refused(answer: UpgradeAnswer, status: number, code: string, message?: string | RegExp) {
  if (answer.upgraded) {
    answer.socket.destroy();
    throw new Error("the request was upgraded");
  }
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.body.code).toBe(code);
  if (message) expect(answer.body.message).toMatch(message);
  expect(answer.headers["opc-request-id"]).toBeTruthy();
}

describe("POST /_caisson/containers/{id}/exec refusals", () => {
  test("another tenancy's container is 404 NotAuthorizedOrNotFound, like an unknown one", async () => {
    await start();
    const created = await createActive(h);
    const containerId = created.body.containers[0]!.containerId;
    const stranger = await otherTenancy(h);
    const theirs = await upgradeRequest(url, stranger, {
      path: `/_caisson/containers/${containerId}/exec`,
      body: body(),
    });
    refused(theirs, 404, "NotAuthorizedOrNotFound", containerId);
    const unknown = await upgradeRequest(url, h.caller, {
      path: "/_caisson/containers/ocid1.computecontainer.oc1.iad.aaaanothing/exec",
      body: body(),
    });
    refused(unknown, 404, "NotAuthorizedOrNotFound");
  });

  test("unsigned, and a body other than the signed one, are 401 NotAuthenticated", async () => {
    await start();
    const created = await createActive(h);
    const path = `/_caisson/containers/${created.body.containers[0]!.containerId}/exec`;
    refused(await upgradeRequest(url, undefined, { path, body: body() }), 401, "NotAuthenticated");
    const swapped = await upgradeRequest(url, h.caller, {
      path,
      body: body(),
      tamper: (sent) => {
        sent.body = body({ command: ["sh", "-c", "rm -rf /"] });
        sent.headers.set("content-length", String(Buffer.byteLength(sent.body)));
      },
    });
    refused(swapped, 401, "NotAuthenticated");
  });

  test("malformed requests are 400 naming the field; oversized bodies 413", async () => {
    await start();
    const created = await createActive(h);
    const path = `/_caisson/containers/${created.body.containers[0]!.containerId}/exec`;
    const cases: Array<[unknown, RegExp]> = [
      [{}, /^command: /],
      [{ command: [] }, /^command: /],
      [{ command: "sh" }, /^command: /],
      [{ command: ["sh", 3] }, /^command\[1\]: /],
      [{ command: ["sh"], tty: "yes" }, /^tty: /],
      [{ command: ["sh"], columns: 0 }, /^columns: /],
      [{ command: ["sh"], privileged: true }, /^privileged: is not a field/],
      [{ command: ["sh"], user: "root" }, /^user: is not a field/],
    ];
    for (const [value, message] of cases) {
      refused(await upgradeRequest(url, h.caller, { path, body: body(value) }), 400, "InvalidParameter", message);
    }
    refused(await upgradeRequest(url, h.caller, { path, body: "not json" }), 400, "InvalidParameter", /^body: /);
    const huge = body({ command: ["echo", "x".repeat(70 * 1024)] });
    refused(await upgradeRequest(url, h.caller, { path, body: huge }), 413, "PayloadTooLarge");
    refused(
      await upgradeRequest(url, h.caller, { path, body: body(), headers: { upgrade: "websocket" } }),
      400,
      "InvalidParameter",
      /caisson-exec\.v1/,
    );
    refused(await upgradeRequest(url, h.caller, { path, method: "PUT", body: body() }), 405, "MethodNotAllowed");
  });

  test("a container that is not ACTIVE is 409; on the emulated runtime nothing runs, also 409", async () => {
    await start();
    const created = await createActive(h);
    const path = `/_caisson/containers/${created.body.containers[0]!.containerId}/exec`;
    refused(await upgradeRequest(url, h.caller, { path, body: body() }), 409, "IncorrectState", /runs no processes/);
    expect((await action(h, created.id, "stop")).statusCode).toBe(202);
    await h.engine.drain();
    refused(await upgradeRequest(url, h.caller, { path, body: body() }), 409, "IncorrectState", /INACTIVE/);
  });

  test("--exec off: 404 NotFound, as for a path that does not exist", async () => {
    h = await startHarness({ exec: false } as never);
    url = await h.app.listen({ host: "127.0.0.1", port: 0 });
    const created = await createActive(h);
    const path = `/_caisson/containers/${created.body.containers[0]!.containerId}/exec`;
    refused(await upgradeRequest(url, h.caller, { path, body: body() }), 404, "NotFound", /No operation exists/);
    // Other upgrade requests were never offered anything.
    refused(await upgradeRequest(url, h.caller, { path: `${V}/containerInstances`, body: body() }), 404, "NotFound");
  });
});
