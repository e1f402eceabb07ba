import { type DiscoveryOptions, discoveryCandidates } from "../runtime/discovery.js";
import { displayEndpoint, type EnginePing, parseEndpoint, pingEngine } from "../runtime/docker/endpoint.js";
import { DEFAULT_HOLDER_IMAGE } from "../runtime/docker/holder-image.js";
import { type DoctorCheck, fail, info, ok } from "./check.js";

export const START_ENGINE_FIX =
  "systemctl --user start podman.socket   # rootless Podman; or: sudo systemctl start docker (Docker), " +
  "or point Caisson at one with --docker-host unix:///path/to/socket";

export interface EngineFound {
  endpoint: string;
  ping: EnginePing;
}

/**
 * Tries every socket `caisson serve` would try, in its order, and says for each why it answered or not. Unlike
 * serve it does not stop at the first that answers: the reader wants to know about all of them.
 */
export async function checkEngines(
  options: Pick<DiscoveryOptions, "dockerHost" | "env" | "wellKnown"> & { timeoutMs?: number },
): Promise<{ checks: DoctorCheck[]; found?: EngineFound }> {
  const checks: DoctorCheck[] = [];
  let found: EngineFound | undefined;
  for (const candidate of discoveryCandidates(options)) {
    if (!candidate.endpoint) {
      checks.push(info("engine", `${candidate.source}: ${candidate.missing ?? "no endpoint"}`));
      continue;
    }
    const ping = await pingEngine(candidate.endpoint, options.timeoutMs ?? 1000);
    const where = `${candidate.source} (${displayEndpoint(candidate.endpoint)})`;
    const note = ping.ok && found ? " (not used: an earlier one answered)" : "";
    checks.push((ping.ok ? ok : info)("engine", `${where}: ${ping.reason}${note}`));
    if (ping.ok && !found) found = { endpoint: candidate.endpoint, ping };
  }
  if (!found) {
    checks.push(fail("engine", "no Docker or Podman engine answered: containers cannot run", START_ENGINE_FIX));
  }
  return { checks, found };
}

/**
 * Starts a real container (`true`) from `image` and waits for it to exit 0, then removes it. It carries only
 * `caisson.doctor` as a label, so no running Caisson takes it for one of its own orphans.
 */
export async function probeContainer(
  endpoint: string,
  image = DEFAULT_HOLDER_IMAGE,
  timeoutMs = 60_000,
  command = ["true"],
): Promise<DoctorCheck> {
  const { default: Docker } = await import("dockerode");
  const docker = new Docker({ ...parseEndpoint(endpoint), timeout: timeoutMs });
  const started = Date.now();
  const hasImage = await docker
    .getImage(image)
    .inspect()
    .then(
      () => true,
      () => false,
    );
  if (!hasImage) {
    try {
      await new Promise<void>((resolve, reject) =>
        docker.pull(image, (error: Error | null, stream: NodeJS.ReadableStream) => {
          if (error) return reject(error);
          // Podman reports a failed pull inside a 200 stream, as an event with `error`.
          let failed: string | undefined;
          docker.modem.followProgress(
            stream,
            (done: Error | null) => (done || failed ? reject(done ?? new Error(failed)) : resolve()),
            (event: { error?: string }) => {
              failed ??= event.error;
            },
          );
        }),
      );
    } catch (error) {
      return fail(
        "probe",
        `image ${image} is not on the engine and could not be pulled: ${firstLine(error)}`,
        "caisson doctor --image <an image the engine has, e.g. localhost/busybox>   # and serve --holder-image the same",
      );
    }
  }
  let container: import("dockerode").Container | undefined;
  try {
    container = await docker.createContainer({
      Image: image,
      Cmd: command,
      Labels: { "caisson.doctor": "probe" },
      HostConfig: { NetworkMode: "none" },
    });
    await container.start();
    const exit = (await container.wait()) as { StatusCode: number };
    if (exit.StatusCode !== 0) {
      return fail(
        "probe",
        `a probe container from ${image} (${command.join(" ")}) exited with ${exit.StatusCode} instead of 0`,
        `docker run --rm ${image} true   # (or podman run) shows the engine's own error`,
      );
    }
    return ok("probe", `a container from ${image} started and exited 0 in ${Date.now() - started} ms`);
  } catch (error) {
    return fail(
      "probe",
      `a probe container from ${image} could not run: ${firstLine(error)}`,
      `podman run --rm ${image} true   # (or docker run) shows the engine's own error`,
    );
  } finally {
    await container?.remove({ force: true }).catch(() => {});
  }
}

const firstLine = (error: unknown) => ((error as Error).message ?? String(error)).split("\n")[0]?.trim();
