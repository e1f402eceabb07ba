import * as ci from "oci-containerinstances";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENABLE, suiteRunsHere } from "../../../server/test/support/needs.js";
import { against } from "../support/cli-process.js";
import { streamingCaisson } from "../support/streaming-cli.js";
import {
  createInstance,
  ENGINES,
  type EngineName,
  engineUnavailable,
  IMAGE,
  type RuntimeServer,
  startRuntimeServer,
  tearDown,
  waitForInstanceState,
} from "./support/harness.js";

/** Each run prints `tick 0` … `tick 5`, a line every 0.3 s, then fails (exit 3) so the policy restarts it. */
const TICKER = ["sh", "-c", "i=0; while [ $i -lt 6 ]; do echo tick $i; i=$((i+1)); sleep 0.3; done; exit 3"];
const RUN = `${[0, 1, 2, 3, 4, 5].map((i) => `tick ${i}\n`).join("")}`;

/**
 * `caisson logs --follow` and `caisson events` on a real engine, through `caisson serve`: output written after
 * the follower started, across restarts of the container, without a line lost or repeated; events in order.
 */
export async function streamsSuite(engine: EngineName): Promise<void> {
  const unavailable = await engineUnavailable(ENGINES[engine]);
  if (!suiteRunsHere(`${engine}: followed logs and events`, unavailable, ENABLE[engine])) return;
  let server: RuntimeServer | undefined;
  beforeAll(async () => {
    server = await startRuntimeServer(engine);
  }, 120_000);
  afterAll(async () => {
    await tearDown(server);
  }, 120_000);

  describe(`${engine}: followed logs and events`, () => {
    test("logs --follow prints lines as they are written, across two restarts, each line once", async () => {
      const s = server!;
      const instance = await createInstance(
        s,
        "follow-logs",
        [{ displayName: "ticker", imageUrl: IMAGE, command: TICKER }],
        {
          containerRestartPolicy: ci.models.ContainerInstance.ContainerRestartPolicy.Always,
        },
      );
      await waitForInstanceState(s, instance.id, "ACTIVE");
      const containerId = instance.containers[0]!.containerId;
      const follow = streamingCaisson(s.serve, ["logs", "--follow", containerId]);
      try {
        await follow.waitFor(/^tick 0\n/);
        // Three runs: the first one's lines came while the follower was attached, the others after restarts.
        await follow.waitFor(new RegExp(`^(${RUN.replace(/\n/g, "\\n")}){3}`), 120_000);
        expect(await follow.interrupt()).toBe(0);
        const out = follow.stdout();
        expect(out.startsWith(RUN.repeat(3))).toBe(true);
        // Whatever came after the third run is the start of a fourth, in order.
        expect(RUN.startsWith(out.slice(RUN.length * 3)) || RUN.repeat(2).startsWith(out.slice(RUN.length * 3))).toBe(
          true,
        );
      } finally {
        follow.kill();
      }
      const cli = against(s.serve);
      const tail = await cli(["logs", "--tail", "2", containerId]);
      expect(tail.code, tail.stderr).toBe(0);
      expect(tail.stdout).toMatch(/^(tick \d\n){1,2}$/);
      const events = await cli(["events", "--output", "json"]);
      const mine = events.stdout
        .trimEnd()
        .split("\n")
        .map(
          (line) => JSON.parse(line) as { type: string; resourceId: string; exitCode?: number; restartCount?: number },
        )
        .filter(
          (e) => e.resourceId === containerId && (e.type === "container.exited" || e.type === "container.restarted"),
        );
      // Exits with code 3 and restarts alternate, in order, counting up.
      expect(mine.slice(0, 4)).toMatchObject([
        { type: "container.exited", exitCode: 3 },
        { type: "container.restarted", restartCount: 1 },
        { type: "container.exited", exitCode: 3 },
        { type: "container.restarted", restartCount: 2 },
      ]);
    }, 240_000);

    test("events: create → ACTIVE → restart → delete, in order, on the engine", async () => {
      const s = server!;
      const cli = against(s.serve);
      const instance = await createInstance(s, "events-order", [
        { displayName: "sleeper", imageUrl: IMAGE, command: ["sh", "-c", "while true; do sleep 1; done"] },
      ]);
      await waitForInstanceState(s, instance.id, "ACTIVE");
      await s.ci.restartContainerInstance({ containerInstanceId: instance.id });
      await waitForInstanceState(s, instance.id, "ACTIVE");
      const { opcWorkRequestId } = await s.ci.deleteContainerInstance({ containerInstanceId: instance.id });
      expect(opcWorkRequestId).toBeTruthy();
      await waitForInstanceState(s, instance.id, "DELETED");
      s.created.delete(instance.id);
      const result = await cli(["events", "--output", "json"]);
      const states = result.stdout
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line) as { type: string; resourceId: string; lifecycleState?: string })
        .filter((e) => e.resourceId === instance.id && e.type === "containerInstance.stateChanged")
        .map((e) => e.lifecycleState);
      expect(states).toEqual(["CREATING", "ACTIVE", "UPDATING", "ACTIVE", "DELETING", "DELETED"]);
    }, 240_000);
  });
}
