import { stat } from "node:fs/promises";
import { join } from "node:path";
import { CONFIG_FILE_NAME, KEY_FILE_NAME } from "../auth/oci-config-file.js";

export const BOOTSTRAP_FILE = "bootstrap.json";

/** The data directory remembers a store that the database no longer holds. */
export class MissingDatabaseError extends Error {
  override readonly name = "MissingDatabaseError";
}

/** The database holds tenancies, none marked as the operator's, and the data directory does not say which. */
export class UnknownOperatorError extends Error {
  override readonly name = "UnknownOperatorError";
}

/**
 * Called when the database holds no tenancy. If the data directory still has the files an earlier first start
 * wrote, the database was lost, emptied or pointed elsewhere: bootstrapping again would silently replace the
 * operator's config and key, and a backup restored later could no longer be used. Refuse, and say what to do.
 */
export async function refuseToReplaceEarlierStart(
  dataDir: string,
  databaseLocation: string,
  options: { startOver: boolean },
): Promise<void> {
  if (options.startOver) return;
  const found: string[] = [];
  for (const name of [CONFIG_FILE_NAME, KEY_FILE_NAME, BOOTSTRAP_FILE]) {
    if (await exists(join(dataDir, name))) found.push(name);
  }
  if (found.length === 0) return;
  throw new MissingDatabaseError(
    `The data directory ${dataDir} holds ${found.join(", ")} from an earlier start, but the database ` +
      `(${databaseLocation}) is missing or empty. Restore the database from a backup (caisson admin backup; see ` +
      "docs/operations.md, Backup and restore) and start again, or, to discard the old tenancies and create a new " +
      "operator tenancy and key, start with --start-over.",
  );
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
