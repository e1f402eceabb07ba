import type Docker from "dockerode";
import type { RuntimeContainerState, RuntimeContainerStatus } from "../driver.js";
import { isExitedDuringInspect, isNotFound, wrapEngineError } from "./errors.js";
import { retryTransient } from "./transient.js";

const ZERO_TIME = "0001-01-01T00:00:00Z";

function engineDate(value: string | undefined): Date | undefined {
  if (!value || value.startsWith("0001-")) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Running wins over the status string: podman and Docker spell paused/restarting/stopped differently. */
export function containerStatus(containerId: string, info: Docker.ContainerInspectInfo): RuntimeContainerStatus {
  const state = info.State;
  const neverStarted = !state.StartedAt || state.StartedAt === ZERO_TIME || state.StartedAt.startsWith("0001-");
  const kind: RuntimeContainerState = state.Running ? "running" : neverStarted ? "created" : "exited";
  const reason = state.OOMKilled ? "OOMKilled" : state.Error ? state.Error : undefined;
  const startedAt = engineDate(state.StartedAt);
  // Podman records StartedAt after runc returns, so a process that exits at once can finish "before" it
  // started; callers may rely on finishedAt >= startedAt.
  const engineFinish = kind === "exited" ? engineDate(state.FinishedAt) : undefined;
  const finishedAt =
    engineFinish && startedAt && engineFinish.getTime() < startedAt.getTime() ? startedAt : engineFinish;
  return {
    containerId,
    state: kind,
    ...(kind === "exited" ? { exitCode: state.ExitCode } : {}),
    ...(startedAt ? { startedAt } : {}),
    ...(finishedAt ? { finishedAt } : {}),
    ...(reason ? { reason } : {}),
  };
}

export async function inspectContainer(
  docker: Docker,
  engineId: string,
): Promise<Docker.ContainerInspectInfo | undefined> {
  try {
    return await retryTransient(
      { attempts: 3, passes: isExitedDuringInspect, pauseMs: (attempt) => 20 * attempt },
      () => docker.getContainer(engineId).inspect(),
    );
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw wrapEngineError(`inspect container ${engineId}`, error);
  }
}
