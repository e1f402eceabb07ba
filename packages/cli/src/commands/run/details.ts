import type { ContainerRestartPolicy, CreateContainerInstanceDetails } from "@caisson/sdk";
import { oneOf, optionalNumber, optionalString } from "../../cli/parse.js";
import type { ParsedArgs } from "../../cli/spec.js";
import { UsageError } from "../../errors.js";
import { keyValues } from "../../input/complex-arg.js";
import { DEFAULT_SHAPE } from "../container-instance/create.js";

/** What `caisson run` asks for, before the server-side defaults (compartment, AD, subnet) are filled in. */
export interface RunRequest {
  image: string;
  /** Overrides the image's CMD, as `docker run IMAGE COMMAND ARGS…` does; the ENTRYPOINT stays. */
  arguments: string[] | undefined;
  entrypoint: string | undefined;
  name: string | undefined;
  environment: Record<string, string>;
  shape: string;
  ocpus: number;
  memoryInGBs: number;
  restartPolicy: ContainerRestartPolicy;
  /** `--publish` values, `[ADDR:]HOST:CONTAINER[/tcp|udp]`, sent as the caisson.publish freeform tag. */
  publish: string[];
}

const RESTART = { never: "NEVER", always: "ALWAYS", "on-failure": "ON_FAILURE" } as const;

export function runRequest(args: ParsedArgs, path: string, envPairs: string[], publish: string[] = []): RunRequest {
  const [image, ...command] = args.positionals;
  if (!image) throw new UsageError("an IMAGE is required, e.g. 'caisson run busybox -- echo hello'", path);
  const restart = oneOf(args, "restart", path, ["never", "always", "on-failure"] as const, (s) => s.toLowerCase());
  return {
    image,
    arguments: command.length > 0 ? command : undefined,
    entrypoint: optionalString(args, "entrypoint"),
    name: optionalString(args, "name"),
    environment: keyValues("env", envPairs, path),
    shape: optionalString(args, "shape") ?? DEFAULT_SHAPE,
    ocpus: optionalNumber(args, "cpus", path, { min: 1, integer: false }) ?? 1,
    memoryInGBs: memoryInGBs(optionalString(args, "memory"), path) ?? 1,
    // NEVER by default: `run` is for a command that finishes, like `docker run`.
    restartPolicy: RESTART[restart ?? "never"],
    publish: publish
      .flatMap((value) => value.split(","))
      .map((value) => value.trim())
      .filter(Boolean),
  };
}

/** The freeform tag the server reads published ports from (see docs/ports-and-exec.md). */
export const PUBLISH_TAG = "caisson.publish";

/** `--memory 2`, `2g`, `2GB` or `512m`, in GB as the API counts it (1 GB = 1024 MB). */
export function memoryInGBs(raw: string | undefined, path: string): number | undefined {
  if (raw === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*(g|gb|gi|m|mb|mi)?$/i.exec(raw.trim());
  const amount = Number(match?.[1]);
  if (!match || !(amount > 0)) throw new UsageError(`--memory must be like 1, 2g or 512m, got "${raw}"`, path);
  return match[2]?.toLowerCase().startsWith("m") ? amount / 1024 : amount;
}

export function createDetails(
  request: RunRequest,
  placement: { compartmentId: string; availabilityDomain: string; subnetId: string },
): CreateContainerInstanceDetails {
  const container = {
    imageUrl: request.image,
    ...(request.name && { displayName: request.name }),
    ...(request.arguments && { arguments: request.arguments }),
    ...(request.entrypoint && { command: [request.entrypoint] }),
    ...(Object.keys(request.environment).length > 0 && { environmentVariables: request.environment }),
  };
  return {
    compartmentId: placement.compartmentId,
    availabilityDomain: placement.availabilityDomain,
    shape: request.shape,
    shapeConfig: { ocpus: request.ocpus, memoryInGBs: request.memoryInGBs },
    containerRestartPolicy: request.restartPolicy,
    containers: [container],
    vnics: [{ subnetId: placement.subnetId }],
    ...(request.name && { displayName: request.name }),
    // The server checks the grammar, the operator's policy and the host, and names the port it refuses.
    ...(request.publish.length > 0 && { freeformTags: { [PUBLISH_TAG]: request.publish.join(",") } }),
  } as CreateContainerInstanceDetails;
}
