import type { RuntimeDriver, RuntimeInstanceSpec } from "../../../src/runtime/driver.js";
import type { TestSubnet } from "../support/specs.js";

/** What the conformance cases need from the engine under test. */
export interface ConformanceTarget {
  /** Why the engine cannot be used; undefined when it answers. */
  unavailable?: string;
  makeDriver(stateDir: string): Promise<RuntimeDriver>;
  /** A local image with busybox applets, /tmp, /etc and /root. */
  image: string;
  /** Three subnets with distinct CIDRs that do not overlap other engines' on the host. */
  subnets: [TestSubnet, TestSubnet, TestSubnet];
  privateRegistry: { image: string; registryEndpoint: string; username: string; password: string };
  missingImage: string;
  /**
   * Started holders the driver keeps ready per subnet network: those holders keep a subnet's network in use
   * after its last instance is deleted, until the driver closes.
   */
  holderPool?: number;
  /** Set when the engine puts its own resolver into resolv.conf and forwards to the configured servers. */
  embeddedResolver?: string;
  /** Engine-side view for assertions the driver interface cannot make. */
  engine: {
    labelledObjects(instanceId: string): Promise<string[]>;
    subnetNetworks(subnetId: string): Promise<string[]>;
    containerIds(instanceId: string): Promise<string[]>;
  };
}

export interface ConformanceContext {
  readonly target: ConformanceTarget;
  readonly driver: RuntimeDriver;
  /** Creates the instance and remembers it for cleanup after the test. */
  create(spec: RuntimeInstanceSpec): ReturnType<RuntimeDriver["createInstance"]>;
  /** Remembers an instance id for cleanup without creating it (for creates expected to fail). */
  track(instanceId: string): void;
}
