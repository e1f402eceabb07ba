import { DockerDriver } from "../../src/runtime/docker/index.js";
import { describeDriverConformance } from "./conformance/suite.js";
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
} from "./support/engines.js";

const socket = TEST_ENGINES.podman;
const engine = rawEngine(socket);

describeDriverConformance("podman", {
  unavailable: await engineUnavailable(socket),
  async makeDriver(stateDir) {
    const driver = await DockerDriver.connect({ endpoint: `unix://${socket}`, stateDir, holderImage: TEST_IMAGE });
    if (driver.name !== "podman") throw new Error(`${socket} is ${driver.describe()}, not podman`);
    return driver;
  },
  image: TEST_IMAGE,
  // 10.211/16 for podman, 10.212/16 for Docker: both engines' bridges live on one host.
  subnets: [
    { subnetId: "ocid1.subnet.oc1..podmantesta", cidrBlock: "10.211.1.0/24" },
    { subnetId: "ocid1.subnet.oc1..podmantestb", cidrBlock: "10.211.2.0/24" },
    { subnetId: "ocid1.subnet.oc1..podmantestc", cidrBlock: "10.211.3.0/24" },
  ],
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
});
