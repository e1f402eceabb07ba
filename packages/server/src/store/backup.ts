import { open, rename, rm, stat } from "node:fs/promises";
import { resolve } from "node:path";
import SqliteDatabase from "better-sqlite3";

/** A backup was asked of a store that SQLite's backup API cannot copy. */
export class BackupNotSupportedError extends Error {
  override readonly name = "BackupNotSupportedError";
}

export interface BackupResult {
  source: string;
  destination: string;
  bytes: number;
  pages: number;
}

/**
 * A consistent copy of a SQLite store while Caisson keeps serving: SQLite's online backup API copies a snapshot
 * (WAL readers never block the server's writes, and writes made during the copy restart it). The copy goes to a
 * temporary file, is checked with `quick_check`, fsynced, and only then renamed to `destination`, so a failed
 * or interrupted backup never leaves a file that looks like a good one.
 */
export async function backupSqliteStore(location: string, destination: string): Promise<BackupResult> {
  if (/^postgres(ql)?:\/\//.test(location)) {
    throw new BackupNotSupportedError(
      "This store is PostgreSQL: back it up with pg_dump, e.g. pg_dump --format=custom --file caisson.dump " +
        "'<the --database URL>', and restore it with pg_restore into an empty database (see docs/operations.md).",
    );
  }
  if (location === ":memory:") throw new BackupNotSupportedError("An in-memory store cannot be backed up.");
  const source = resolve(location);
  const target = resolve(destination);
  if (source === target) throw new BackupNotSupportedError("The backup must not overwrite the database itself.");
  await stat(source);
  const temporary = `${target}.${process.pid}.tmp`;
  const db = new SqliteDatabase(source, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    const { totalPages } = await db.backup(temporary);
    const copy = new SqliteDatabase(temporary, { fileMustExist: true });
    try {
      const check = copy.pragma("quick_check", { simple: true });
      if (check !== "ok") throw new Error(`the copy of ${source} failed SQLite's quick_check: ${String(check)}`);
      // The live database is in WAL mode; the copy is a single self-contained file.
      copy.pragma("journal_mode = DELETE");
    } finally {
      copy.close();
    }
    const handle = await open(temporary, "r+");
    await handle.sync();
    await handle.close();
    await rename(temporary, target);
    return { source, destination: target, bytes: (await stat(target)).size, pages: totalPages };
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  } finally {
    db.close();
  }
}
