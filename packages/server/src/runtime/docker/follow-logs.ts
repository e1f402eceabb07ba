import { Readable } from "node:stream";
import type Docker from "dockerode";
import type { FollowLogsOptions } from "../driver.js";
import { isNotFound, wrapEngineError } from "./errors.js";
import { engineTimestamp } from "./logs.js";

/** How often to look whether a stopped container has started its next run. */
const RESTART_POLL_MS = 250;

/** An engine log line's time as nanoseconds since the epoch ("…T12:00:00.123Z" → 1…123000000n). */
function nanos(rfc3339: string): bigint {
  const [seconds, fraction = "0"] = engineTimestamp(rfc3339).split(".");
  return BigInt(seconds!) * 1_000_000_000n + BigInt(fraction.padEnd(9, "0").slice(0, 9));
}

/** "seconds.nanoseconds" (the engine's `since`) → nanoseconds. */
function sinceNanos(since: string): bigint {
  const [seconds, fraction = "0"] = since.split(".");
  return BigInt(seconds!) * 1_000_000_000n + BigInt(fraction.padEnd(9, "0").slice(0, 9));
}

const asEngineSince = (n: bigint) => `${n / 1_000_000_000n}.${(n % 1_000_000_000n).toString().padStart(9, "0")}`;

/**
 * Splits the engine's multiplexed log stream into frames as they arrive (a frame may span chunks): 8-byte header
 * [stream, 0, 0, 0, length BE32], then the payload. With `timestamps`, each payload starts with the line's time.
 */
async function* frames(stream: Readable): AsyncGenerator<Buffer> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of stream) {
    pending = pending.length === 0 ? (chunk as Buffer) : Buffer.concat([pending, chunk as Buffer]);
    while (pending.length >= 8) {
      const length = pending.readUInt32BE(4);
      if (pending.length < 8 + length) break;
      yield pending.subarray(8, 8 + length);
      pending = pending.subarray(8 + length);
    }
  }
}

/**
 * Follows one container's output through the engine, across its runs: the engine's follow stream ends when a
 * run ends, so this waits for the next run and attaches again from the time of the last line it sent (the
 * engine stamps every line), skipping the lines of that time it already sent, so that no line is lost or
 * repeated. The engine container is looked up again
 * at every attach, since an instance restart may have created a new one. Reading is pulled by the consumer: a
 * slow client pauses the engine stream instead of buffering it.
 */
export async function* followEngineLogs(
  docker: Docker,
  engineIdOf: () => Promise<string | undefined>,
  runStart: () => Promise<string | undefined>,
  options: FollowLogsOptions,
): AsyncGenerator<Buffer> {
  const { signal } = options;
  // The last line sent: its engine time, and how many lines carrying that same time were sent (Podman stamps
  // lines to the second, so several share one).
  let after: bigint | undefined = options.since ? nanos(options.since) - 1n : undefined;
  let sentAtAfter = 0;
  let tail = options.tail;
  while (!signal.aborted) {
    const engineId = await engineIdOf();
    const running = engineId ? await isRunning(docker, engineId) : false;
    if (engineId && (running || !options.follow || after === undefined)) {
      const since = after !== undefined ? asEngineSince(after) : await runStart();
      const stream = await openLogStream(docker, engineId, {
        follow: options.follow && running,
        ...(since && { since }),
        ...(tail !== undefined && { tail }),
      });
      tail = undefined;
      // Attaching again from `after` (inclusive) re-reads what was sent at that time: skip it.
      const from = after;
      let skip = sentAtAfter;
      const abort = () => stream.destroy();
      signal.addEventListener("abort", abort, { once: true });
      try {
        for await (const frame of frames(stream)) {
          const space = frame.indexOf(0x20);
          const at = nanos(frame.subarray(0, space).toString("latin1"));
          if (from !== undefined && (at < from || (at === from && skip-- > 0))) continue;
          if (at === after) sentAtAfter++;
          else {
            after = at;
            sentAtAfter = 1;
          }
          yield frame.subarray(space + 1);
        }
      } catch (error) {
        if (!signal.aborted) throw wrapEngineError(`follow logs of ${engineId}`, error);
      } finally {
        signal.removeEventListener("abort", abort);
      }
      // Nothing written yet: later runs are read from this run's start on.
      if (after === undefined) {
        after = since ? sinceNanos(since) - 1n : 0n;
        sentAtAfter = 0;
      }
    }
    if (!options.follow) return;
    await pause(RESTART_POLL_MS, signal);
  }
}

async function openLogStream(
  docker: Docker,
  engineId: string,
  options: { follow: boolean; since?: string; tail?: number },
): Promise<Readable> {
  try {
    const result = (await docker.getContainer(engineId).logs({
      stdout: true,
      stderr: true,
      timestamps: true,
      follow: options.follow as true,
      ...(options.since && { since: options.since as unknown as number }),
      ...(options.tail !== undefined && { tail: options.tail }),
    })) as unknown as Readable | Buffer;
    // Without follow the engine's answer arrives whole.
    return Buffer.isBuffer(result) ? Readable.from([result]) : result;
  } catch (error) {
    throw wrapEngineError(`follow logs of ${engineId}`, error);
  }
}

async function isRunning(docker: Docker, engineId: string): Promise<boolean> {
  try {
    return (await docker.getContainer(engineId).inspect()).State.Running;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw wrapEngineError(`inspect ${engineId}`, error);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
