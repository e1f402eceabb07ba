import { join } from "node:path";
import type { DiscoveryOptions } from "../runtime/discovery.js";
import type { RuntimeChoice } from "../serve/runtime-selection.js";
import { type DoctorCheck, ok } from "./check.js";
import { checkClock } from "./clock-check.js";
import { checkEngines, probeContainer } from "./engine-checks.js";
import { checkConfig, checkDataDir, checkNode, checkPort } from "./host-checks.js";
import { checkStore } from "./store-check.js";

export type { DoctorCheck } from "./check.js";
export { DEFAULT_TIME_URL } from "./clock-check.js";

export interface DoctorOptions {
  dataDir: string;
  /** As `serve --database`; default `<dataDir>/caisson.db`. */
  database?: string;
  host?: string;
  port: number;
  /** emulated: engines are not needed, so their absence is no failure. */
  runtime?: RuntimeChoice;
  dockerHost?: string;
  /** The image of the probe container (default: serve's holder image). */
  image?: string;
  /** Where the clock is compared; `false` skips the comparison. */
  timeUrl?: string | false;
  env?: Record<string, string | undefined>;
  /** Overrides the well-known socket paths (tests). */
  wellKnown?: DiscoveryOptions["wellKnown"];
  /** Called with each check as soon as it is known, so a slow probe does not hide the lines before it. */
  onCheck?: (check: DoctorCheck) => void;
}

/**
 * Every check `caisson doctor` makes, in the order a reader fixes things: Node, engines and a probe container,
 * the data directory and its lock, the database, the port, the config file and key, the clock. Reads only:
 * nothing is created, migrated or locked.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const add = (...found: DoctorCheck[]) => {
    for (const check of found) {
      checks.push(check);
      options.onCheck?.(check);
    }
  };
  add(checkNode());
  if (options.runtime === "emulated") {
    add(ok("engine", "not needed: --runtime emulated runs no containers"));
  } else {
    const engines = await checkEngines({
      ...(options.dockerHost && { dockerHost: options.dockerHost }),
      ...(options.env && { env: options.env }),
      ...(options.wellKnown && { wellKnown: options.wellKnown }),
    });
    add(...engines.checks);
    if (engines.found) add(await probeContainer(engines.found.endpoint, options.image));
  }
  add(...(await checkDataDir(options.dataDir)));
  add(await checkStore(options.database ?? join(options.dataDir, "caisson.db")));
  add(await checkPort(options.host ?? "127.0.0.1", options.port));
  add(...(await checkConfig(options.dataDir)));
  if (options.timeUrl !== false) add(await checkClock(options.timeUrl));
  return checks;
}

/** Whether `caisson serve` can do its job here: nothing failed. */
export const canServe = (checks: DoctorCheck[]): boolean => checks.every((c) => c.status !== "fail");
