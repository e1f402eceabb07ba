/**
 * Whether a container that stopped is started again. `exitCode` is undefined when the container vanished
 * from the engine (removed behind Caisson's back), which counts as a failure.
 *   ALWAYS      restart whatever the exit code
 *   ON_FAILURE  restart on a non-zero exit code, or when the container vanished
 *   NEVER       never restart
 */
export function shouldRestart(policy: string, exitCode: number | undefined): boolean {
  if (policy === "ALWAYS") return true;
  if (policy === "ON_FAILURE") return exitCode === undefined || exitCode !== 0;
  return false;
}

/**
 * The lifecycle state of a container that stopped for good: INACTIVE after a clean exit, FAILED otherwise.
 * An instance whose containers have all stopped for good takes INACTIVE if every one is INACTIVE, else FAILED.
 */
export const terminalContainerState = (exitCode: number | undefined): "INACTIVE" | "FAILED" =>
  exitCode === 0 ? "INACTIVE" : "FAILED";

export const terminalInstanceState = (states: string[]): "INACTIVE" | "FAILED" =>
  states.every((s) => s === "INACTIVE") ? "INACTIVE" : "FAILED";
