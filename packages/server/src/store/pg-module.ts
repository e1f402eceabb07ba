/** A PostgreSQL store was asked for, and the optional `pg` package is not installed next to Caisson. */
export class PostgresDriverMissingError extends Error {
  override readonly name = "PostgresDriverMissingError";
}

/**
 * Loads `pg`, an optional peer dependency: SQLite users never install it, so its absence must read as what to do
 * rather than as a module-resolution error.
 */
export async function loadPg(): Promise<typeof import("pg").default> {
  try {
    return (await import("pg")).default;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") throw error;
    throw new PostgresDriverMissingError(
      "A PostgreSQL store needs the pg package, which is not installed: run 'npm install pg' where Caisson is installed.",
    );
  }
}
