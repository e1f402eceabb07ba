import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { optionalString, requiredString } from "../../cli/parse.js";
import type { Command } from "../../cli/spec.js";
import { UsageError } from "../../errors.js";

const backup: Command = {
  name: "backup",
  summary: "Copy the SQLite store, consistently, while the server keeps running",
  description: [
    "Uses SQLite's online backup API on the database beside the server (same host): the copy is one consistent",
    "snapshot, checked and fsynced before it is renamed to FILE. Keep the data directory's config and",
    "oci_api_key.pem with it: the database holds only public keys. For PostgreSQL, use pg_dump.",
    "Restore: stop the server, copy FILE to <data-dir>/caisson.db (removing caisson.db-wal and caisson.db-shm),",
    "start it again.",
  ].join("\n"),
  usesServer: false,
  options: {
    to: { type: "string", placeholder: "FILE", description: "where to write the backup", required: true },
    "data-dir": { type: "string", placeholder: "DIR", description: "the server's data directory (default ~/.caisson)" },
    database: {
      type: "string",
      placeholder: "PATH",
      description: "the server's --database (default <data-dir>/caisson.db)",
    },
  },
  examples: ["caisson admin backup --to /backups/caisson-$(date +%F).db"],
  async run(ctx, args) {
    const to = requiredString(args, "to", ctx.path);
    const dataDir = resolve(optionalString(args, "data-dir") ?? join(homedir(), ".caisson"));
    const database = optionalString(args, "database") ?? join(dataDir, "caisson.db");
    const { backupSqliteStore, BackupNotSupportedError } = await import("@caisson/server");
    try {
      const result = await backupSqliteStore(database, to);
      ctx.out.stdout(`${JSON.stringify(result, null, 2)}\n`);
      ctx.out.stderr(`Backed up ${result.source} to ${result.destination} (${result.bytes} bytes).\n`);
      return 0;
    } catch (error) {
      if (error instanceof BackupNotSupportedError) throw new UsageError(error.message, ctx.path);
      throw error;
    }
  },
};

export const backupCommand = backup;
