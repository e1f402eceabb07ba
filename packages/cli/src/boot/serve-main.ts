import { presentError } from "../cli/present-error.js";
import { type ServeHooks, serveCommand } from "../commands/serve.js";
import { processOutput } from "../output.js";

/**
 * `caisson serve` on its own, as `main` would run it (same parser, same error presentation, same exit status),
 * for the start-up bundle that `bin/caisson.js` loads without the rest of the command tree.
 */
export async function serveMain(
  argv: string[],
  hooks: ServeHooks = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  try {
    return await serveCommand(argv, processOutput, env, hooks);
  } catch (error) {
    return presentError(error, processOutput, env);
  }
}
