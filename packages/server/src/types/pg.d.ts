// The few parts of `pg` Caisson uses (it is loaded only for PostgreSQL stores; @types/pg is not needed).
declare module "pg" {
  export class Pool {
    constructor(config: { connectionString: string; max?: number });
    end(): Promise<void>;
    on(event: "error", listener: (error: Error) => void): this;
  }
  const pg: { Pool: typeof Pool };
  export default pg;
}
