import { mkdir, open, readFile, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { processRuns } from "../processes.js";

export class DataDirLockedError extends Error {
  override readonly name = "DataDirLockedError";
}

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * One Caisson process per data directory: SQLite is not shared between processes here, and the work engine
 * may only release the leases of dead workers at start-up because nobody else can hold them.
 * A lock left by a process that has died is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<HeldLock> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  return acquirePidLock(
    join(dataDir, "caisson.lock"),
    (holder) =>
      `Another Caisson (pid ${holder}) is using ${dataDir}. Stop it, or start this one with another --data-dir.`,
  );
}

/**
 * One Caisson process per SQLite file, wherever `--database` points: a second server with another data directory
 * but the same database would otherwise release the first one's work leases at start-up and run its work twice.
 * The lock is a file beside the database (`<file>.lock`), so it guards the database whichever data directory uses it.
 */
export async function lockDatabaseFile(databasePath: string): Promise<HeldLock> {
  const path = resolve(databasePath);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  return acquirePidLock(
    `${path}.lock`,
    (holder) =>
      `Another Caisson (pid ${holder}) is using the database ${path}. Stop it, or start this one with another --database.`,
  );
}

async function acquirePidLock(path: string, heldBy: (pid: number) => string): Promise<HeldLock> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, "wx", 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(await readFile(path, "utf8").catch(() => ""), 10);
      if (Number.isInteger(holder) && holder !== process.pid && processRuns(holder)) {
        throw new DataDirLockedError(heldBy(holder));
      }
      await rm(path, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not lock ${path}.`);
}
