import type { Route } from "../http/route.js";
import { diskFullError, isDiskFull } from "../store/disk-full.js";

/**
 * Turns a write that failed for lack of disk space into 503 ServiceUnavailable (see store/disk-full.ts) and tells
 * the operator, once per failure, through `log`. The store needs no restart: the next write after space returns
 * simply succeeds.
 */
export function withDiskFullAnswer(route: Route, log: (line: string) => void): Route {
  return {
    ...route,
    handle: async (ctx, input) => {
      try {
        return await route.handle(ctx, input);
      } catch (error) {
        if (!isDiskFull(error)) throw error;
        log(
          `DISK FULL: ${route.name} (opc-request-id ${ctx.requestId}) could not be stored: ${(error as Error).message}. ` +
            "Free space on the disk holding the database; Caisson resumes by itself.",
        );
        throw diskFullError(error);
      }
    },
  };
}
