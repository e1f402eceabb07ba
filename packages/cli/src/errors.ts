/** The command line itself is wrong (unknown flag, missing value): exit status 2, like getopt tools. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  /** The command whose `--help` would have prevented this, e.g. `container-instance create`. */
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** A failure the CLI detected itself (bad config, missing default): one line on stderr and `exitCode`. */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Any failure of `caisson run` other than its command line: presented as its cause, with exit status 125. */
export class RunFailedError extends Error {
  override readonly name = "RunFailedError";
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** Exit statuses, documented in `caisson --help`. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  /** `caisson run`: the run itself failed before the container could report an exit code (as `docker run`). */
  runFailed: 125,
} as const;
