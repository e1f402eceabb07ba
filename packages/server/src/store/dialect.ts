/** The SQL dialects the store runs on. Repositories are written once for all of them. */
export type Dialect = "sqlite" | "postgres";
