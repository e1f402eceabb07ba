import {
  CircuitOpenError,
  InvalidConfigError,
  InvalidResponseError,
  NetworkError,
  ServiceError,
  TimeoutError,
  WaiterFailedError,
  WaiterTimeoutError,
} from "@caisson/sdk";
import { CliError, EXIT, RunFailedError, UsageError } from "../errors.js";
import { styleFor } from "../format/style.js";
import type { Output } from "../output.js";

/**
 * Every failure ends as one line on stderr and an exit status. A service error keeps what someone debugging
 * needs — the OCI code, the status, the message and the opc-request-id to find it in the server's log:
 *   Error: NotAuthorizedOrNotFound (404): Authorization failed … [opc-request-id: 2F3A…]
 */
export function presentError(error: unknown, out: Output, env: NodeJS.ProcessEnv): number {
  const red = styleFor(out.errIsTty, env).red;
  const line = (text: string) => out.stderr(`${red("Error:")} ${text.replace(/\s*\n\s*/g, " ")}\n`);
  if (error instanceof UsageError || isParseArgsError(error)) {
    const command = error instanceof UsageError ? error.command : undefined;
    const help = command ? `caisson ${command} --help` : "caisson --help";
    out.stderr(`caisson: ${(error as Error).message}\nRun '${help}' for usage.\n`);
    return EXIT.usage;
  }
  if (error instanceof RunFailedError) {
    // `caisson run` answers 125 for any failure of its own, as `docker run` does; a wrong command line stays 2.
    const code = presentError(error.cause, out, env);
    return code === EXIT.usage ? code : EXIT.runFailed;
  }
  if (isForeignAnswer(error)) {
    // A web server, a proxy or another service at --endpoint: its HTML page would fill the terminal.
    const where = new URL(error.endpoint.replace(/^[A-Z]+ /, "")).origin;
    const status = error instanceof ServiceError ? `HTTP ${error.status}` : "a response";
    line(`${where} is not a Caisson server: it answered ${status} that is not from the OCI API (check --endpoint)`);
    return EXIT.failure;
  }
  if (error instanceof ServiceError) {
    const id = error.opcRequestId ? ` [opc-request-id: ${error.opcRequestId}]` : "";
    line(`${error.code} (${error.status}): ${error.message}${id}`);
    return EXIT.failure;
  }
  if (error instanceof NetworkError || error instanceof TimeoutError || error instanceof CircuitOpenError) {
    const url = error.endpoint.replace(/^[A-Z]+ /, "");
    line(
      `cannot reach Caisson at ${new URL(url).origin}: ${causeOf(error)} (is 'caisson serve' running? see --endpoint)`,
    );
    return EXIT.failure;
  }
  if (error instanceof CliError) {
    line(error.message);
    return error.exitCode;
  }
  if (
    error instanceof InvalidConfigError ||
    error instanceof WaiterFailedError ||
    error instanceof WaiterTimeoutError
  ) {
    line(error.message);
    return EXIT.failure;
  }
  // Named errors (a locked data directory, no engine) speak for themselves; built-in ones mean a bug in caisson.
  const builtIn = !(error instanceof Error) || PROGRAMMING_ERRORS.has(error.name);
  line(
    builtIn
      ? `unexpected ${(error as Error)?.name ?? "error"}: ${(error as Error)?.message ?? String(error)}`
      : error.message,
  );
  if (env.CAISSON_DEBUG) out.stderr(`${(error as Error)?.stack ?? ""}\n`);
  return EXIT.failure;
}

const PROGRAMMING_ERRORS = new Set(["Error", "TypeError", "ReferenceError", "RangeError", "SyntaxError"]);

/** An answer without an OCI error body and without an opc-request-id: nothing an OCI service would send. */
function isForeignAnswer(error: unknown): error is ServiceError | InvalidResponseError {
  if (error instanceof ServiceError) return error.code === "None" && error.opcRequestId === undefined;
  return error instanceof InvalidResponseError && error.opcRequestId === undefined;
}

/** serve parses its flags with node:util parseArgs directly; its errors carry an ERR_PARSE_ARGS_* code. */
function isParseArgsError(error: unknown): boolean {
  return (
    typeof (error as { code?: unknown })?.code === "string" &&
    (error as { code: string }).code.startsWith("ERR_PARSE_ARGS")
  );
}

function causeOf(error: Error): string {
  // fetch wraps the socket's error (ECONNREFUSED, ENOTFOUND…) in a generic "fetch failed": show the inner one.
  const cause = (error as { cause?: { cause?: { code?: string; message?: string }; code?: string } }).cause;
  const inner = cause?.cause?.code ?? cause?.cause?.message ?? cause?.code;
  // The SDK's message ends with the request line, which the origin above already names.
  return inner ?? error.message.replace(/: [A-Z]+ https?:\/\/\S+$/, "");
}
