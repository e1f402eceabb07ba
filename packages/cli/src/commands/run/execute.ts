import { WaiterFailedError } from "@caisson/sdk";
import type { Invocation } from "../../cli/command-context.js";
import type { CommandContext } from "../../cli/spec.js";
import { CliError, EXIT } from "../../errors.js";
import { Progress } from "../../format/progress.js";
import { createDetails, type RunRequest } from "./details.js";

export interface RunOptions {
  detach: boolean;
  remove: boolean;
  compartmentId: string | undefined;
  availabilityDomain: string | undefined;
  subnetId: string | undefined;
  /** Undefined: wait as long as the container runs, as `docker run` does. */
  maxWaitSeconds: number | undefined;
}

// Creating an instance is quick on every runtime; 20 minutes is the OCI waiters' own default bound.
const CREATE_WAIT_SECONDS = 1200;
// Polls back off to at most 2 s: a short command should not keep its caller waiting 30 s for the answer.
const POLL_CAP_SECONDS = 2;
const FOREVER_SECONDS = 100 * 365 * 24 * 3600;

/**
 * `caisson run`: create a one-container instance, wait for it to be up, then — on an engine that really runs it
 * — wait for the container to stop, print its logs and answer its exit code. The API has no log stream, so the
 * logs are the service's last 256 KB, read once the container has stopped.
 */
export async function runContainer(
  ctx: CommandContext,
  inv: Invocation,
  request: RunRequest,
  options: RunOptions,
): Promise<number> {
  const { session } = inv;
  const progress = new Progress(ctx.out);
  const compartmentId = options.compartmentId ?? session.tenancyId;
  const details = createDetails(request, {
    compartmentId,
    availabilityDomain: options.availabilityDomain ?? (await session.defaultAvailabilityDomain()),
    subnetId: options.subnetId ?? (await session.defaultSubnetId(compartmentId)),
  });
  const created = await session.client.createContainerInstance(details);
  const instanceId = created.data.id;
  if (options.detach) {
    ctx.out.stdout(`${instanceId}\n`);
    return EXIT.ok;
  }

  await progress
    .while(`Starting ${request.image} (${instanceId})`, () =>
      session.client.waiters.forWorkRequest(created.workRequestId!, ["SUCCEEDED"], {
        maxWaitSeconds: options.maxWaitSeconds ?? CREATE_WAIT_SECONDS,
        maxDelaySeconds: POLL_CAP_SECONDS,
      }),
    )
    .catch((error: unknown) => {
      if (error instanceof WaiterFailedError) {
        throw new CliError(
          `container instance ${instanceId} did not start: ${error.details.join("; ") || error.state}`,
          EXIT.runFailed,
        );
      }
      throw error;
    });
  const instance = await session.client.getContainerInstance(instanceId);
  const containerId = instance.data.containers[0]?.containerId;
  if (!containerId) throw new CliError(`container instance ${instanceId} has no container`, EXIT.runFailed);

  if ((await session.runtimeIsEmulated()) === true) {
    ctx.out.stderr(
      `note: this Caisson server uses the emulated runtime, which runs no processes: ${instanceId} is ` +
        `${instance.data.lifecycleState}, but there is no output and no exit code. Start 'caisson serve' where ` +
        "Docker or Podman is available to run containers for real.\n",
    );
    await finish(inv, instanceId, options);
    return EXIT.ok;
  }

  const stopped = await progress.while(`Running ${request.image} (${instanceId})`, () =>
    session.client.waiters.forContainer(containerId, ["INACTIVE", "FAILED", "DELETED"], {
      maxWaitSeconds: options.maxWaitSeconds ?? FOREVER_SECONDS,
      maxDelaySeconds: POLL_CAP_SECONDS,
    }),
  );
  if (!stopped) throw new CliError(`container ${containerId} was deleted while it ran`, EXIT.runFailed);
  ctx.out.stdout(await session.client.retrieveLogsText(containerId));
  await finish(inv, instanceId, options);
  const { exitCode, lifecycleState, lifecycleDetails } = stopped.data;
  if (exitCode !== undefined) return exitCode;
  if (lifecycleState === "INACTIVE") return EXIT.ok;
  throw new CliError(
    `container ${containerId} is ${lifecycleState}: ${lifecycleDetails ?? "no exit code"}`,
    EXIT.runFailed,
  );
}

/** --rm: delete the instance once its output is printed; the delete runs on in the server. */
async function finish(inv: Invocation, instanceId: string, options: RunOptions): Promise<void> {
  if (options.remove) await inv.session.client.deleteContainerInstance(instanceId);
}
