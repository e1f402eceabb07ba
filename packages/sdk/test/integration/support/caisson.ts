// The SDK must never import the server; its integration tests may spawn it, exactly as the CLI's e2e tests do.
import { type ServeProcess, startServe } from "../../../../cli/test/support/serve-process.js";
import { ContainerInstanceClient } from "../../../src/client.js";
import { fromFile } from "../../../src/config/config-file.js";
import type { CreateContainerInstanceDetails } from "../../../src/models.js";
import type { WaiterOptions } from "../../../src/waiters/poll.js";

/**
 * Waiter options for these tests. The default schedule (1, 2, 4 … 30 s) is proven against a manual clock in the
 * unit tests; here a 1 s cap only keeps a slow machine from turning one late poll into a 30 s pause, and the
 * generous deadline means no assertion depends on how fast the server is.
 */
export const WAIT: WaiterOptions = { maxWaitSeconds: 120, maxDelaySeconds: 1 };

export const SHAPE = "CI.Standard.E4.Flex";

export interface Caisson {
  server: ServeProcess;
  /** Built the way the README tells a user to: the config file `serve` wrote, and its endpoint. */
  client: ContainerInstanceClient;
  compartmentId: string;
  subnetId: string;
  availabilityDomain: string;
  details(displayName: string, overrides?: Partial<CreateContainerInstanceDetails>): CreateContainerInstanceDetails;
  stop(): Promise<void>;
}

/**
 * Spawns a real `caisson serve --runtime emulated` in a fresh data directory and connects an SDK client to it.
 * `args` go to `serve`, e.g. `["--emulated-delay", "2000"]`.
 */
export async function startCaisson(args: string[] = []): Promise<Caisson> {
  const server = await startServe({ args });
  const config = fromFile(server.configFile);
  const client = new ContainerInstanceClient(config, { serviceEndpoint: server.url });
  const { compartmentId, subnetId } = server.info;
  const detailsIn =
    (availabilityDomain: string): Caisson["details"] =>
    (displayName, overrides = {}) => ({
      displayName,
      compartmentId,
      availabilityDomain,
      shape: SHAPE,
      shapeConfig: { ocpus: 1, memoryInGBs: 2 },
      containers: [{ imageUrl: "busybox", displayName: `${displayName}-app`, command: ["sh", "-c", "echo hello"] }],
      vnics: [{ subnetId }],
      containerRestartPolicy: "NEVER",
      ...overrides,
    });
  const availabilityDomain = await learnAvailabilityDomain(client, server.info.tenancyId);
  return {
    server,
    client,
    compartmentId,
    subnetId,
    availabilityDomain,
    details: detailsIn(availabilityDomain),
    stop: async () => {
      const code = await server.stop();
      if (code !== 0) throw new Error(`caisson serve exited with ${code}:\n${server.output()}`);
    },
  };
}

/** The first availability domain of the tenancy, from Identity's ListAvailabilityDomains. */
async function learnAvailabilityDomain(client: ContainerInstanceClient, tenancyId: string): Promise<string> {
  const { data: domains } = await client.request<{ name: string }[]>({
    operationName: "listAvailabilityDomains",
    method: "GET",
    path: "/20160918/availabilityDomains",
    query: { compartmentId: tenancyId },
  });
  if (!domains[0]) throw new Error("ListAvailabilityDomains answered an empty list");
  return domains[0].name;
}

/** A second compartment to move instances into, created through Identity's CreateCompartment. */
export async function secondCompartment(caisson: Caisson): Promise<string> {
  const { data } = await caisson.client.request<{ id: string }>({
    operationName: "createCompartment",
    method: "POST",
    path: "/20160918/compartments",
    body: {
      compartmentId: caisson.compartmentId,
      name: `sdk-it-${Date.now()}`,
      description: "target of changeContainerInstanceCompartment in the SDK integration tests",
    },
    retryToken: true,
  });
  return data.id;
}

/** Resolves with what `promise` rejected with; fails the test if it resolved. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}
