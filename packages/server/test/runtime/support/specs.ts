import { randomBytes } from "node:crypto";
import type { RuntimeContainerSpec, RuntimeDriver, RuntimeInstanceSpec } from "../../../src/runtime/driver.js";
import { eventually } from "./poll.js";

export function uniqueId(kind: string): string {
  return `ocid1.${kind}.oc1..test${randomBytes(6).toString("hex")}`;
}

export interface TestSubnet {
  subnetId: string;
  cidrBlock: string;
}

export function containerSpec(overrides: Partial<RuntimeContainerSpec> & { image: string }): RuntimeContainerSpec {
  const containerId = overrides.containerId ?? uniqueId("computecontainer");
  return { containerId, name: overrides.name ?? containerId.slice(-8), env: {}, mounts: [], ...overrides };
}

export function instanceSpec(
  subnet: TestSubnet,
  containers: RuntimeContainerSpec[],
  overrides: Partial<RuntimeInstanceSpec> = {},
): RuntimeInstanceSpec {
  return {
    instanceId: uniqueId("computecontainerinstance"),
    network: { subnetId: subnet.subnetId, cidrBlock: subnet.cidrBlock },
    vcpus: 1,
    memoryInBytes: 512 * 1024 * 1024,
    gracefulShutdownTimeoutInSeconds: 5,
    volumes: [],
    imagePullSecrets: [],
    containers,
    ...overrides,
  };
}

/** A shell command line as a container command. */
export function sh(script: string): string[] {
  return ["sh", "-c", script];
}

export async function waitForState(
  driver: RuntimeDriver,
  instanceId: string,
  containerId: string,
  state: "running" | "exited",
  timeoutMs = 30_000,
) {
  return eventually(
    `${containerId} to be ${state}`,
    async () => {
      const status = await driver.inspectInstance(instanceId);
      const container = status?.containers.find((c) => c.containerId === containerId);
      return container?.state === state ? container : undefined;
    },
    timeoutMs,
  );
}

export async function logText(driver: RuntimeDriver, instanceId: string, containerId: string, previous = false) {
  return (await driver.readLogs(instanceId, containerId, { previous, maxBytes: 1 << 20 })).toString("utf8");
}

/** Waits for the container to exit and returns its exit code and log. */
export async function runToExit(driver: RuntimeDriver, instanceId: string, containerId: string, timeoutMs = 30_000) {
  const status = await waitForState(driver, instanceId, containerId, "exited", timeoutMs);
  return { exitCode: status.exitCode, log: await logText(driver, instanceId, containerId), status };
}

/** An HTTP request line for busybox nc; busybox wget segfaults when a connection fails (recipes §8). */
export function fetchWithNc(host: string, port: number, path = "/index.html"): string {
  return `printf 'GET ${path} HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ${host} ${port}`;
}
