/**
 * An AbortSignal that Ctrl-C (SIGINT) or SIGTERM aborts, for commands that follow a stream until interrupted;
 * `dispose` removes the handlers once the command is done.
 */
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once("SIGINT", abort);
  process.once("SIGTERM", abort);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", abort);
      process.off("SIGTERM", abort);
    },
  };
}
