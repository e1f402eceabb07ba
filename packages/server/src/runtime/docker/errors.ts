import type Docker from "dockerode";
import { RuntimeError } from "../driver.js";
import { retryTransient } from "./transient.js";

/** What dockerode throws for a non-2xx answer: docker-modem sets statusCode and the decoded JSON body. */
interface EngineHttpError {
  statusCode?: number;
  json?: { message?: string } | null;
  reason?: string;
  message?: string;
  code?: string;
}

function asEngineError(error: unknown): EngineHttpError {
  return typeof error === "object" && error !== null ? (error as EngineHttpError) : { message: String(error) };
}

/** The engine's own words, without docker-modem's "(HTTP code 404) no such container -" prefix noise. */
export function engineMessage(error: unknown): string {
  const e = asEngineError(error);
  const json = e.json;
  if (json && typeof json === "object" && typeof json.message === "string") return json.message;
  if (typeof json === "string" && json) return json;
  return e.message ?? String(error);
}

export function isNotFound(error: unknown): boolean {
  return asEngineError(error).statusCode === 404;
}

/** 304: start of a running container, stop of a stopped one. Both engines agree here. */
export function isNotModified(error: unknown): boolean {
  return asEngineError(error).statusCode === 304;
}

/**
 * A conflict with the engine's current state. Docker answers 409; podman answers 500 for the same cases
 * (name in use, container not running, dependent containers, object exists), so the message decides there.
 */
export function isConflict(error: unknown): boolean {
  const e = asEngineError(error);
  if (e.statusCode === 409) return true;
  if (e.statusCode !== 500) return false;
  return /already in use|already exists|is not running|dependent containers|in use|is being used|has active endpoints|state improper/i.test(
    engineMessage(error),
  );
}

function isUnavailable(error: unknown): boolean {
  const code = asEngineError(error).code;
  return code === "ENOENT" || code === "ECONNREFUSED" || code === "ECONNRESET" || code === "EPIPE";
}

/** Wraps anything the engine threw into a RuntimeError naming what Caisson was doing. */
export function wrapEngineError(what: string, error: unknown): RuntimeError {
  if (error instanceof RuntimeError) return error;
  const reason = isUnavailable(error) ? "EngineUnavailable" : "EngineError";
  return new RuntimeError(`${what}: ${engineMessage(error)}`, reason, { cause: error });
}

/** Runs an engine call, wrapping its failure. */
export async function engineCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw wrapEngineError(what, error);
  }
}

/** Runs an engine call where "already so" (304) and "gone" (404) mean the caller's goal holds. */
export async function engineCallIdempotent(what: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (isNotModified(error) || isNotFound(error)) return;
    throw wrapEngineError(what, error);
  }
}

/**
 * Podman 4.3 lists containers by looking each one up after reading the list, so a container removed in
 * between (by anyone) makes the whole list fail with 500 "container not known". It says nothing about
 * the containers asked for, and a second look succeeds.
 */
export function isVanishedDuringList(error: unknown): boolean {
  const e = asEngineError(error);
  return e.statusCode === 500 && /container not known|no such container/i.test(engineMessage(error));
}

/**
 * Podman inspects a running container by reading its process's cgroup under /proc; a container whose process
 * exits meanwhile makes the inspection fail with 500 "read /proc/<pid>/cgroup: no such process". A second look
 * sees the container exited.
 */
export function isExitedDuringInspect(error: unknown): boolean {
  const e = asEngineError(error);
  return e.statusCode === 500 && /\/proc\/\d+\/\S*: no such process/i.test(engineMessage(error));
}

/**
 * Podman picks a free range for a network created without one by walking the host's interfaces and routes; an
 * interface removed meanwhile (another network torn down) makes the create fail with "route ip+net: no such network
 * interface". Looking again sees the host as it now is.
 */
export function isInterfaceVanished(error: unknown): boolean {
  return /no such network interface/i.test(engineMessage(error));
}

/** Lists containers, looking again (a few times) when podman trips over a concurrent removal. */
export async function listContainersSettled(
  docker: Docker,
  options: Docker.ContainerListOptions,
): Promise<Docker.ContainerInfo[]> {
  return retryTransient({ attempts: 5, passes: isVanishedDuringList, pauseMs: (attempt) => 20 * attempt }, () =>
    docker.listContainers(options),
  );
}
