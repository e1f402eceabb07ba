// The few parts of `pg` Caisson uses (it is loaded only for PostgreSQL stores; @types/pg is not needed).
declare module "pg" {
  export class Pool {
    constructor(config: { connectionString: string; max?: number });
    end(): Promise<void>;
    on(event: "error", listener: (error: Error) => void): this;
  }
  export class Client {
    constructor(config: { connectionString: string; connectionTimeoutMillis?: number });
    connect(): Promise<void>;
    query(text: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
    end(): Promise<void>;
    on(event: "notification", listener: (message: { channel: string; payload?: string }) => void): this;
    on(event: "error", listener: (error: Error) => void): this;
    on(event: "end", listener: () => void): this;
    removeAllListeners(): this;
  }
  const pg: { Pool: typeof Pool; Client: typeof Client };
  export default pg;
}
