import { type Logger, type LoggerOptions, pino } from "pino";
import pretty from "pino-pretty";

export type LogFormat = "json" | "pretty";
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
export const LOG_LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

export interface LoggerSettings {
  level?: LogLevel;
  /** Defaults to pretty on a terminal, JSON lines otherwise (what log collectors read). */
  format?: LogFormat;
  /** Where lines go; standard output by default. */
  destination?: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * The server's one logger (Fastify's pino): a JSON line per event with `time` in ISO 8601, errors with their
 * stack under `err`. The HTTP pipeline adds `opcRequestId` to every line of a request.
 */
export function createLogger(settings: LoggerSettings = {}): Logger {
  const destination = settings.destination ?? process.stdout;
  const options: LoggerOptions = {
    level: settings.level ?? "info",
    timestamp: pino.stdTimeFunctions.isoTime,
    base: { pid: process.pid },
  };
  const format = settings.format ?? (destination.isTTY ? "pretty" : "json");
  if (format === "pretty") {
    return pino(options, pretty({ destination, colorize: destination.isTTY === true, sync: true }));
  }
  // Asynchronous writes: a line per request written synchronously costs a system call each, and blocks the
  // event loop whenever the reader of standard output falls behind. pino flushes what is pending on exit.
  return destination === process.stdout
    ? pino(options, pino.destination({ fd: 1, sync: false }))
    : pino(options, destination);
}
