import { describe, test } from "vitest";

/**
 * Suites that need something a fresh machine lacks (a container engine, a registry) skip outside CI with one
 * line saying what is missing and the command that provides it; with CI=true the same absence fails the run,
 * since a skipped suite proves nothing.
 */
export const IN_CI = process.env.CI === "true" || process.env.CI === "1";

/** How to get each engine the suites use: the CI step that sets it up (as root), or a socket of your own. */
export const ENABLE = {
  podman: "sudo bash .ci/steps/10-podman.sh && sudo bash .ci/steps/30-registry.sh (or CAISSON_TEST_PODMAN_SOCKET=…)",
  docker: "sudo bash .ci/steps/20-docker.sh && sudo bash .ci/steps/30-registry.sh (or CAISSON_TEST_DOCKER_SOCKET=…)",
} as const;

/**
 * Returns whether the suite can run. `missing` is undefined when all it needs is there. Outside CI a missing
 * need prints one line and answers false; in CI it throws, failing the file that asked.
 */
export function canRun(suite: string, missing: string | undefined, enable: string): boolean {
  if (missing === undefined) return true;
  const line = `${suite}: ${missing}`;
  if (IN_CI) throw new Error(`${line} — CI=true requires it; set it up with: ${enable}`);
  console.warn(`SKIPPED ${line}. To run it: ${enable}`);
  return false;
}

/**
 * canRun for a whole suite: when it cannot run (outside CI), registers a skipped suite named with the reason,
 * so the test report lists what did not run and why. Returns whether to define the real suite.
 */
export function suiteRunsHere(suite: string, missing: string | undefined, enable: string): boolean {
  if (canRun(suite, missing, enable)) return true;
  describe.skip(`${suite} (${missing})`, () => {
    test("needs an engine", () => {});
  });
  return false;
}
