import { expect, test } from "vitest";
import { officialClient } from "../support/official-clients.js";
import { newDataDir, startServe } from "../support/serve-process.js";

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 20; Date.now() < deadline; delay = Math.min(delay * 2, 500)) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test("SIGKILL during a create: after a restart the instance is ACTIVE and its work ran to SUCCEEDED once", async () => {
  const dataDir = newDataDir();
  // A slow emulated runtime keeps the create in flight long enough to kill the server in the middle of it.
  const first = await startServe({ dataDir, args: ["--emulated-delay", "60000"] });
  const client = officialClient(first.configFile, first.url);
  const created = await client
    .createContainerInstance({
      createContainerInstanceDetails: {
        compartmentId: first.info.compartmentId,
        availabilityDomain: first.info.availabilityDomain,
        shape: "CI.Standard.E4.Flex",
        shapeConfig: { ocpus: 1 },
        containers: [{ imageUrl: "busybox" }],
        vnics: [{ subnetId: first.info.subnetId }],
      },
    })
    .catch((error) => {
      throw new Error(`create failed: ${error.message}\n${first.output()}`);
    });
  const workRequestId = created.opcWorkRequestId!;
  await until("the create to be in progress", async () => {
    const wr = await client.getWorkRequest({ workRequestId });
    return wr.workRequest.status === "IN_PROGRESS" ? true : undefined;
  });
  expect(await first.stop("SIGKILL")).toBe("SIGKILL");
  client.close();

  const second = await startServe({ dataDir });
  const again = officialClient(second.configFile, second.url);
  try {
    const finished = await until("the work request to finish", async () => {
      const wr = await again.getWorkRequest({ workRequestId });
      return wr.workRequest.timeFinished ? wr.workRequest : undefined;
    });
    expect(finished.status).toBe("SUCCEEDED");
    const instance = await again.getContainerInstance({ containerInstanceId: created.containerInstance.id });
    expect(instance.containerInstance.lifecycleState).toBe("ACTIVE");

    const logs = (await again.listWorkRequestLogs({ workRequestId })).workRequestLogEntryCollection.items.map(
      (l) => l.message,
    );
    expect(logs.filter((m) => m.startsWith("Created on"))).toHaveLength(1);
    expect(logs.filter((m) => m.startsWith("Resumed after an interruption"))).toHaveLength(1);
    const all = await again.listContainerInstances({ compartmentId: second.info.compartmentId });
    expect(all.containerInstanceCollection.items).toHaveLength(1);
  } finally {
    again.close();
    await second.stop();
  }
});
