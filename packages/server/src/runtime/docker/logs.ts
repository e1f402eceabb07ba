import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type Docker from "dockerode";
import { isNotFound, wrapEngineError } from "./errors.js";
import { instanceStateDir } from "./volumes.js";

/** Previous runs are kept up to this size; readers ask for less. */
const SAVED_LOG_LIMIT = 8 * 1024 * 1024;

/**
 * Without a TTY both engines multiplex stdout and stderr into frames: [stream, 0, 0, 0, length (BE32)]
 * then the payload. Frames arrive in the order the engine logged them, so concatenating payloads keeps
 * stdout and stderr interleaved as written. A truncated last frame is kept as far as it goes.
 */
export function demultiplex(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= raw.length) {
    const stream = raw[offset];
    if ((stream !== 0 && stream !== 1 && stream !== 2) || raw[offset + 1] !== 0 || raw[offset + 2] !== 0) {
      // Not a frame header: a TTY container's raw stream. Nothing we create has a TTY, but adopted ones might.
      parts.push(raw.subarray(offset));
      return Buffer.concat(parts);
    }
    const length = raw.readUInt32BE(offset + 4);
    parts.push(raw.subarray(offset + 8, Math.min(raw.length, offset + 8 + length)));
    offset += 8 + length;
  }
  return Buffer.concat(parts);
}

export function tailBytes(data: Buffer, maxBytes: number): Buffer {
  return data.length <= maxBytes ? data : data.subarray(data.length - Math.max(0, maxBytes));
}

function logFiles(stateDir: string, instanceId: string, containerId: string) {
  const dir = join(instanceStateDir(stateDir, instanceId), "logs");
  const base = join(dir, containerId.replace(/[^a-zA-Z0-9_.-]/g, "_"));
  return { dir, previous: `${base}.previous.log`, since: `${base}.since` };
}

async function readOptional(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** RFC 3339 with nanoseconds → "seconds.nanoseconds", the form both engines accept for `since`. */
export function engineTimestamp(rfc3339: string): string {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(rfc3339);
  if (!match) return String(Date.parse(rfc3339) / 1000);
  const seconds = Date.parse(`${match[1]}${match[3]}`) / 1000;
  return `${seconds}.${(match[2] ?? "0").padEnd(9, "0").slice(0, 9)}`;
}

async function engineLogs(docker: Docker, engineId: string, since?: string): Promise<Buffer> {
  try {
    const raw = (await docker
      .getContainer(engineId)
      .logs({ stdout: true, stderr: true, follow: false, ...(since ? { since } : {}) })) as unknown as Buffer;
    return demultiplex(Buffer.isBuffer(raw) ? raw : Buffer.from(raw));
  } catch (error) {
    if (isNotFound(error)) return Buffer.alloc(0);
    throw wrapEngineError(`read logs of ${engineId}`, error);
  }
}

/**
 * The engine keeps one log across all runs of a container. The boundary between runs is the engine's own
 * FinishedAt of the run that ended (engine clock, so a remote engine's skew does not matter), recorded when
 * Caisson restarts the container; the current run's log is everything after it.
 */
export async function readRunLogs(
  docker: Docker,
  stateDir: string,
  ref: { instanceId: string; containerId: string; engineId?: string },
  options: { previous: boolean; maxBytes: number },
): Promise<Buffer> {
  const files = logFiles(stateDir, ref.instanceId, ref.containerId);
  if (options.previous) return tailBytes((await readOptional(files.previous)) ?? Buffer.alloc(0), options.maxBytes);
  if (!ref.engineId) return Buffer.alloc(0);
  const since = (await readOptional(files.since))?.toString("utf8").trim();
  return tailBytes(await engineLogs(docker, ref.engineId, since || undefined), options.maxBytes);
}

/**
 * Call after the container stopped and before it starts again: keeps the ended run's log as "previous"
 * and moves the boundary to that run's FinishedAt. A container that never ran has nothing to save.
 */
export async function saveEndedRun(
  docker: Docker,
  stateDir: string,
  ref: { instanceId: string; containerId: string; engineId: string },
): Promise<void> {
  let finishedAt: string | undefined;
  try {
    const info = await docker.getContainer(ref.engineId).inspect();
    if (info.State.Running || info.State.StartedAt.startsWith("0001-")) return;
    finishedAt = info.State.FinishedAt;
  } catch (error) {
    if (isNotFound(error)) return;
    throw wrapEngineError(`inspect ${ref.engineId}`, error);
  }
  const files = logFiles(stateDir, ref.instanceId, ref.containerId);
  const since = (await readOptional(files.since))?.toString("utf8").trim();
  const ended = await engineLogs(docker, ref.engineId, since || undefined);
  await mkdir(files.dir, { recursive: true });
  await writeFile(files.previous, tailBytes(ended, SAVED_LOG_LIMIT));
  if (finishedAt && !finishedAt.startsWith("0001-")) await writeFile(files.since, engineTimestamp(finishedAt));
}

/** Where the container's current run starts in the engine's log ("seconds.nanoseconds"), if it was restarted. */
export async function currentRunStart(
  stateDir: string,
  instanceId: string,
  containerId: string,
): Promise<string | undefined> {
  const since = (await readOptional(logFiles(stateDir, instanceId, containerId).since))?.toString("utf8").trim();
  return since || undefined;
}
