import { createServer, type Server } from "node:net";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { parsePublishPolicy } from "../../src/ports/publish-policy.js";
import { createInstance, expectError, otherTenancy, V } from "../operations/helpers.js";
import { DIALECTS, stopPostgres } from "../support/dialects.js";
import { type Harness, startHarness } from "../support/harness.js";

afterAll(() => stopPostgres());

/** A loopback TCP port nobody holds right now (the kernel picks it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const tags = (publish: string) => ({ freeformTags: { "caisson.publish": publish } });
const FIELD = "freeformTags.caisson.publish";

async function instanceCount(h: Harness): Promise<number> {
  const rows = await h.store.instances.list(
    { tenancyId: h.boot.tenancyId, compartmentId: h.boot.compartmentId, now: new Date().toISOString() } as never,
    { sortBy: "timeCreated", sortOrder: "ASC", limit: 1000 } as never,
  );
  return rows.items.length;
}

describe.each(DIALECTS)("published ports on $name", (dialect) => {
  let h: Harness;
  const listeners: Server[] = [];
  afterEach(async () => {
    for (const listener of listeners.splice(0)) await new Promise((resolve) => listener.close(resolve));
    await h?.close();
  });
  const start = async (options: Parameters<typeof startHarness>[0] = {}) => {
    h = await startHarness({ store: await dialect.open(), ...options });
    return h;
  };

  test("a create with the tag reserves the host port; the tag shows in GET; delete releases it", async () => {
    await start();
    const port = await freePort();
    const created = await createInstance(h, tags(`${port}:80`));
    expect(await h.store.ports.ofInstance(created.id)).toEqual([
      { hostAddress: "127.0.0.1", hostPort: port, containerPort: 80, protocol: "tcp" },
    ]);
    await h.engine.drain();
    const got = await h.call({ method: "GET", path: `${V}/containerInstances/${created.id}` });
    expect(got.json().freeformTags).toEqual({ "caisson.publish": `${port}:80` });

    const again = await h.call({
      method: "POST",
      path: `${V}/containerInstances`,
      body: h.createDetails(tags(`${port}:81`)),
    });
    expectError(again, 400, "InvalidParameter", `${FIELD}: host port 127.0.0.1:${port}/tcp is already published`);

    const deleted = await h.call({ method: "DELETE", path: `${V}/containerInstances/${created.id}` });
    expect(deleted.statusCode, deleted.body).toBe(202);
    await h.engine.drain();
    expect(await h.store.ports.ofInstance(created.id)).toEqual([]);
    await createInstance(h, tags(`${port}:81`));
  });

  test("a port taken by another instance is refused with nothing created, and two racing creates get one port", async () => {
    await start();
    const port = await freePort();
    await createInstance(h, tags(`${port}:80`));
    const before = await instanceCount(h);
    const refused = await h.call({
      method: "POST",
      path: `${V}/containerInstances`,
      body: h.createDetails(tags(`${port}:80`)),
    });
    expectError(refused, 400, "InvalidParameter", String(port));
    expect(await instanceCount(h)).toBe(before);

    const racePort = await freePort();
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        h.call({ method: "POST", path: `${V}/containerInstances`, body: h.createDetails(tags(`${racePort}:80`)) }),
      ),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 400, 400]);
    expect(await instanceCount(h)).toBe(before + 1);
  });

  test("attack: another tenancy can neither take a held port (not even through 0.0.0.0) nor learn who holds it", async () => {
    await start({ publishPolicy: parsePublishPolicy("127.0.0.1:1024-65535,0.0.0.0:1024-65535") });
    const port = await freePort();
    const mine = await createInstance(h, tags(`${port}:80`));
    const stranger = await otherTenancy(h);
    for (const publish of [`${port}:80`, `0.0.0.0:${port}:80`]) {
      const answer = await h.call(
        { method: "POST", path: `${V}/containerInstances`, body: { ...stranger.createDetails(), ...tags(publish) } },
        stranger,
      );
      const error = expectError(answer, 400, "InvalidParameter", `host port`);
      expect(error.message).toContain(String(port));
      expect(error.message).not.toContain(mine.id);
      expect(error.message).not.toContain(h.boot.tenancyId);
      expect(error.message).not.toContain(h.boot.compartmentId);
    }
    expect(await h.store.ports.ofInstance(mine.id)).toHaveLength(1);
  });

  test("attack: a port a host process holds, ports below 1024 (ssh), 0.0.0.0 and foreign addresses are refused", async () => {
    await start();
    const held = createServer();
    listeners.push(held);
    await new Promise<void>((resolve) => held.listen({ host: "127.0.0.1", port: 0 }, resolve));
    const heldPort = (held.address() as { port: number }).port;
    const before = await instanceCount(h);
    const cases: Array<[string, string]> = [
      [`${heldPort}:80`, `host port 127.0.0.1:${heldPort}/tcp is already in use on the host`],
      ["22:22", "host port 127.0.0.1:22 is below 1024"],
      ["1023:80", "below 1024"],
      [`0.0.0.0:${heldPort + 1}:80`, `host port 0.0.0.0:${heldPort + 1} is not allowed here`],
      [`203.0.113.9:${heldPort + 1}:80`, "not allowed here"],
      ["8080:80/sctp", "is not a port mapping"],
      ["not a port", "is not a port mapping"],
    ];
    for (const [publish, message] of cases) {
      const answer = await h.call({
        method: "POST",
        path: `${V}/containerInstances`,
        body: h.createDetails(tags(publish)),
      });
      expectError(answer, 400, "InvalidParameter", `${FIELD}: `);
      expect(answer.json().message, publish).toContain(message);
    }
    expect(await instanceCount(h)).toBe(before);
  });

  test("an operator may allow 0.0.0.0 for a range, or turn publishing off", async () => {
    const port = await freePort();
    await start({ publishPolicy: parsePublishPolicy(`0.0.0.0:${port}-${port}`) });
    const created = await createInstance(h, tags(`0.0.0.0:${port}:80`));
    expect(await h.store.ports.ofInstance(created.id)).toHaveLength(1);
    await h.close();
    await start({ publishPolicy: parsePublishPolicy("off") });
    const answer = await h.call({
      method: "POST",
      path: `${V}/containerInstances`,
      body: h.createDetails(tags(`${port}:80`)),
    });
    expectError(answer, 400, "InvalidParameter", "publishing ports is turned off");
    await createInstance(h);
  });

  test("the tag is fixed after create: an update changing or dropping it is refused, the same value passes", async () => {
    await start();
    const port = await freePort();
    const created = await createInstance(h, tags(`${port}:80`));
    await h.engine.drain();
    const update = (freeformTags: Record<string, string>) =>
      h.call({ method: "PUT", path: `${V}/containerInstances/${created.id}`, body: { freeformTags } });
    expectError(
      await update({ "caisson.publish": `${port}:81` }),
      400,
      "InvalidParameter",
      "fixed when the instance is created",
    );
    expectError(await update({ team: "a" }), 400, "InvalidParameter", FIELD);
    const same = await update({ "caisson.publish": `${port}:80`, team: "a" });
    expect(same.statusCode, same.body).toBe(202);
  });
});
