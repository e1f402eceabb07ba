import type Docker from "dockerode";
import { CAISSON_LABELS, type RuntimeEvent } from "../driver.js";
import { labelFilter } from "./labels.js";

interface EngineEvent {
  Type?: string;
  Action?: string;
  status?: string;
  time?: number;
  timeNano?: number;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

/** Docker says `destroy`; podman's compat layer sometimes passes its own `remove`, `died` through. */
export function toRuntimeEvent(event: EngineEvent): RuntimeEvent | undefined {
  const attributes = event.Actor?.Attributes ?? {};
  const instanceId = attributes[CAISSON_LABELS.instanceId];
  if (!instanceId || (event.Type && event.Type !== "container")) return undefined;
  const action = (event.Action ?? event.status ?? "").split(":")[0];
  const kind =
    action === "start"
      ? "started"
      : action === "die" || action === "died"
        ? "exited"
        : action === "destroy" || action === "remove"
          ? "removed"
          : undefined;
  if (!kind) return undefined;
  const at = event.timeNano ? new Date(event.timeNano / 1e6) : new Date((event.time ?? Date.now() / 1000) * 1000);
  const exitCode = attributes.exitCode === undefined ? undefined : Number(attributes.exitCode);
  const containerId = attributes[CAISSON_LABELS.containerId];
  return {
    instanceId,
    ...(containerId ? { containerId } : {}),
    kind,
    ...(kind === "exited" && exitCode !== undefined && !Number.isNaN(exitCode) ? { exitCode } : {}),
    at,
  };
}

/**
 * Follows /events filtered to Caisson's objects. When the stream ends (engine restart) it reconnects with
 * `since` set to the last event seen, so events in the gap are replayed rather than lost.
 */
export function watchEngineEvents(
  docker: Docker,
  onEvent: (event: RuntimeEvent) => void,
  onError: (error: unknown) => void = () => {},
): { close(): void } {
  const controller = new AbortController();
  let since: number | undefined;
  let retryDelay = 250;

  const connect = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      try {
        const stream = (await docker.getEvents({
          filters: { type: ["container"], ...labelFilter({ [CAISSON_LABELS.managed]: "true" }) },
          ...(since ? { since } : {}),
          abortSignal: controller.signal,
        })) as NodeJS.ReadableStream;
        retryDelay = 250;
        await consume(stream);
      } catch (error) {
        if (controller.signal.aborted) return;
        onError(error);
      }
      if (controller.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, retryDelay));
      retryDelay = Math.min(retryDelay * 2, 10_000);
    }
  };

  const consume = (stream: NodeJS.ReadableStream) =>
    new Promise<void>((resolve, reject) => {
      let pending = "";
      const onAbort = () => {
        (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
        resolve();
      };
      controller.signal.addEventListener("abort", onAbort, { once: true });
      stream.on("data", (chunk: Buffer | string) => {
        pending += chunk.toString();
        let newline = pending.indexOf("\n");
        while (newline >= 0) {
          const line = pending.slice(0, newline).trim();
          pending = pending.slice(newline + 1);
          newline = pending.indexOf("\n");
          if (!line) continue;
          try {
            const raw = JSON.parse(line) as EngineEvent;
            if (raw.time) since = raw.time;
            const event = toRuntimeEvent(raw);
            if (event) onEvent(event);
          } catch (error) {
            onError(error);
          }
        }
      });
      stream.on("end", () => {
        controller.signal.removeEventListener("abort", onAbort);
        resolve();
      });
      stream.on("error", (error) => {
        controller.signal.removeEventListener("abort", onAbort);
        reject(error);
      });
    });

  void connect();
  return { close: () => controller.abort() };
}
