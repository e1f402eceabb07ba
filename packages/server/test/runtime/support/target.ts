import { DockerDriver } from "../../../src/runtime/docker/index.js";
import type { ConformanceTarget } from "../conformance/context.js";
import {
  AUTH_REGISTRY,
  engineContainerIds,
  engineUnavailable,
  labelledObjects,
  OPEN_REGISTRY,
  REGISTRY_IMAGE_PATH,
  rawEngine,
  subnetNetworks,
  TEST_ENGINES,
  TEST_IMAGE,
} from "./engines.js";

/**
 * The conformance target for one engine of the test machine. Each engine gets its own /16 (both engines'
 * bridges live on one host): 10.211/16 for podman, 10.212/16 for Docker.
 */
export async function engineTarget(
  name: "podman" | "docker",
  extra: Partial<ConformanceTarget> = {},
): Promise<ConformanceTarget> {
  const socket = TEST_ENGINES[name];
  const engine = rawEngine(socket);
  // A pooled target runs beside the plain one, so it takes its own /16: 10.213 (podman), 10.214 (Docker).
  const octet = (name === "podman" ? 211 : 212) + (extra.holderPool ? 2 : 0);
  const holderPool = extra.holderPool ?? 0;
  return {
    unavailable: await engineUnavailable(socket),
    async makeDriver(stateDir) {
      const driver = await DockerDriver.connect({
        endpoint: `unix://${socket}`,
        stateDir,
        holderImage: TEST_IMAGE,
        holderPool,
      });
      if (driver.name !== name) throw new Error(`${socket} is ${driver.describe()}, not ${name}`);
      return driver;
    },
    image: TEST_IMAGE,
    subnets: [subnet(name, "a", octet, 1), subnet(name, "b", octet, 2), subnet(name, "c", octet, 3)],
    privateRegistry: {
      image: `${AUTH_REGISTRY.endpoint}/${REGISTRY_IMAGE_PATH}`,
      registryEndpoint: AUTH_REGISTRY.endpoint,
      username: AUTH_REGISTRY.username,
      password: AUTH_REGISTRY.password,
    },
    missingImage: `${OPEN_REGISTRY}/caisson/does-not-exist:ci`,
    engine: {
      labelledObjects: (instanceId) => labelledObjects(engine, instanceId),
      subnetNetworks: (subnetId) => subnetNetworks(engine, subnetId),
      containerIds: (instanceId) => engineContainerIds(engine, instanceId),
    },
    ...extra,
  };
}

const subnet = (engine: string, suffix: string, octet: number, third: number) => ({
  subnetId: `ocid1.subnet.oc1..${engine}test${suffix}${octet > 212 ? "pool" : ""}`,
  cidrBlock: `10.${octet}.${third}.0/24`,
});
