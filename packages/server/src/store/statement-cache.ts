import type SqliteDatabase from "better-sqlite3";

/**
 * Kysely's SQLite driver prepares every query it runs, and compiling SQL costs more than running a point
 * lookup: under load, `prepare` was a tenth of the server's CPU. The queries a repository issues are a small,
 * fixed set of SQL texts, so their compiled statements are kept (least recently used first out) and reused.
 * A statement still being iterated (a streamed query) is busy; the caller then gets a fresh one.
 */
export function cachingStatements(sqlite: SqliteDatabase.Database, capacity = 512): SqliteDatabase.Database {
  const statements = new Map<string, SqliteDatabase.Statement>();
  const prepare = (source: string): SqliteDatabase.Statement => {
    const cached = statements.get(source);
    if (cached && !cached.busy) {
      statements.delete(source);
      statements.set(source, cached);
      return cached;
    }
    const statement = sqlite.prepare(source);
    if (!cached) {
      if (statements.size >= capacity) statements.delete(statements.keys().next().value!);
      statements.set(source, statement);
    }
    return statement;
  };
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property === "prepare") return prepare;
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
