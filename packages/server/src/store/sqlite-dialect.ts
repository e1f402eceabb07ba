import type SqliteDatabase from "better-sqlite3";
import { type Driver, SqliteDialect, type SqliteDialectConfig } from "kysely";

/**
 * Kysely's SQLite dialect, except that a rollback after SQLite already rolled the transaction back itself is a
 * no-op. SQLite does that on some errors — SQLITE_FULL (a full disk) among them — and Kysely's ROLLBACK then
 * fails with "cannot rollback - no transaction is active", which replaced the real error: a full disk looked
 * like an unexplained 500 instead of the 503 that says what happened.
 */
export class SqliteStoreDialect extends SqliteDialect {
  constructor(
    config: SqliteDialectConfig,
    private readonly sqlite: SqliteDatabase.Database,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    const rollback = driver.rollbackTransaction.bind(driver);
    driver.rollbackTransaction = async (connection) => {
      if (this.sqlite.inTransaction) await rollback(connection);
    };
    return driver;
  }
}
