import { type Compilable, CompiledQuery, type Kysely, type RawBuilder, sql } from "kysely";

/** A named argument of a prepared query, bound each time it runs. */
export type Argument = RawBuilder<unknown>;

const MARK = "\u0000caisson-argument:";

/**
 * A query built and compiled once, then run with new arguments: the hot reads (GetContainerInstance, a List
 * page) build no query tree and compile no SQL per request, and the SQL text is the same on every run, so the
 * driver's prepared statement is reused too. `build` receives `arg(name)` for each value bound per run;
 * everything else in the query is fixed when it is compiled.
 */
export class PreparedQuery<Args extends Record<string, unknown>, Row> {
  private readonly sql: string;
  /** For each parameter of the compiled SQL: the argument it takes, or the constant it was compiled with. */
  private readonly slots: Array<{ arg: keyof Args } | { constant: unknown }>;

  constructor(build: (arg: (name: keyof Args & string) => Argument) => Compilable<Row>) {
    const compiled = build((name) => sql.val(`${MARK}${name}`)).compile();
    this.sql = compiled.sql;
    this.slots = compiled.parameters.map((value) =>
      typeof value === "string" && value.startsWith(MARK) ? { arg: value.slice(MARK.length) } : { constant: value },
    );
  }

  /** Runs on `db` (the store, or a transaction of it), which must be of the dialect the query was built for. */
  async execute<DB>(db: Kysely<DB>, args: Args): Promise<Row[]> {
    const parameters = this.slots.map((slot) => ("arg" in slot ? args[slot.arg] : slot.constant));
    const result = await db.executeQuery<Row>(CompiledQuery.raw(this.sql, parameters));
    return result.rows;
  }
}
