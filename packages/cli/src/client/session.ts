import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ContainerInstanceClient, ExponentialRetryStrategy, NO_RETRY, ServiceError } from "@caisson/sdk";
import type { BootstrapInfo } from "@caisson/server";
import { CliError } from "../errors.js";
import { type Connection, type ConnectionFlags, resolveConnection } from "./connection.js";

/**
 * Fewer attempts than the SDK's default 8: a person at a terminal wants to hear within seconds that the server is
 * not running, not after the two minutes eight backed-off attempts take.
 */
const CLI_RETRY = new ExponentialRetryStrategy({ maxAttempts: 3 });

/**
 * What a command needs to talk to Caisson: the SDK client (for the OCI operations, and through `client.request`
 * for Identity, Core and Caisson's own API, so every call shares one signer, retry policy and error type), and
 * defaults.
 */
export class Session {
  readonly client: ContainerInstanceClient;

  constructor(
    readonly connection: Connection,
    options: { retry: boolean },
  ) {
    this.client = new ContainerInstanceClient(connection.config, {
      serviceEndpoint: connection.endpoint,
      retryStrategy: options.retry ? CLI_RETRY : NO_RETRY,
      // One CLI invocation is too short-lived for a circuit breaker to mean anything.
      circuitBreakerStrategy: null,
    });
  }

  static open(flags: ConnectionFlags & { noRetry?: boolean }, env: NodeJS.ProcessEnv): Session {
    return new Session(resolveConnection(flags, env), { retry: !flags.noRetry });
  }

  /** The tenancy's root compartment, as the OCI CLI's `--compartment-id` would usually be. */
  get tenancyId(): string {
    return this.connection.config.tenancy;
  }

  /**
   * The subnet `caisson serve` created (bootstrap.json beside the config file, when it belongs to this tenancy),
   * else the first available subnet of the compartment, then of the root compartment.
   */
  async defaultSubnetId(compartmentId: string): Promise<string> {
    const bootstrap = this.#bootstrapInfo();
    if (bootstrap?.subnetId && bootstrap.tenancyId === this.tenancyId) return bootstrap.subnetId;
    for (const compartment of new Set([compartmentId, this.tenancyId])) {
      const subnets = await this.client.request<Array<{ id: string; lifecycleState: string }>>({
        operationName: "listSubnets",
        method: "GET",
        path: "/20160918/subnets",
        query: { compartmentId: compartment, lifecycleState: "AVAILABLE" },
      });
      const first = subnets.data?.[0];
      if (first) return first.id;
    }
    throw new CliError(`no subnet found in compartment ${compartmentId} or the root compartment; pass --subnet-id`);
  }

  /** The first availability domain of the tenancy (Caisson names three, like a three-AD region). */
  async defaultAvailabilityDomain(): Promise<string> {
    try {
      const ads = await this.client.request<Array<{ name: string }>>({
        operationName: "listAvailabilityDomains",
        method: "GET",
        path: "/20160918/availabilityDomains",
        query: { compartmentId: this.tenancyId },
      });
      const first = ads.data?.[0]?.name;
      if (first) return first;
    } catch (error) {
      if (!(error instanceof ServiceError && error.status === 404 && error.code === "NotFound")) throw error;
    }
    throw new CliError("the server lists no availability domains; pass --availability-domain");
  }

  /**
   * Whether the server runs containers for real; `undefined` when it does not say (not Caisson, or older, or
   * unreachable). Asked once, without retries: the answer only chooses a hint, it is not worth waiting for.
   */
  async runtimeIsEmulated(): Promise<boolean | undefined> {
    try {
      const health = await this.client.request<{ runtime?: unknown } | undefined>({
        operationName: "health",
        method: "GET",
        path: "/_caisson/health",
        retryStrategy: NO_RETRY,
      });
      const runtime = health.data?.runtime;
      return typeof runtime === "string" ? runtime.startsWith("emulated") : undefined;
    } catch {
      return undefined;
    }
  }

  /** Read here rather than with the server's readInfo: a command should not load the server to learn a default. */
  #bootstrapInfo(): Partial<BootstrapInfo> | undefined {
    try {
      return JSON.parse(readFileSync(join(dirname(this.connection.configFile), "bootstrap.json"), "utf8"));
    } catch {
      return undefined;
    }
  }
}
