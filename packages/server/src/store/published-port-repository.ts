import type { Kysely } from "kysely";
import type { PortProtocol, PublishedPort } from "../ports/publish-spec.js";
import type { Database } from "./schema.js";

/** Host ports held by instances, across every tenancy: a host has one port 8080, whoever asks for it. */
export class PublishedPortRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * The first of `ports` some instance already holds, or undefined. 0.0.0.0 covers every address, so it
   * clashes with any address on the same port, and any address clashes with it.
   */
  async firstHeld(ports: readonly PublishedPort[]): Promise<PublishedPort | undefined> {
    for (const port of ports) {
      let query = this.db
        .selectFrom("published_ports")
        .select("host_port")
        .where("host_port", "=", port.hostPort)
        .where("protocol", "=", port.protocol);
      if (port.hostAddress !== "0.0.0.0") {
        query = query.where((eb) =>
          eb.or([eb("host_address", "=", port.hostAddress), eb("host_address", "=", "0.0.0.0")]),
        );
      }
      const held = await query.executeTakeFirst();
      if (held) return port;
    }
    return undefined;
  }

  async reserve(instanceId: string, tenancyId: string, ports: readonly PublishedPort[], now: string): Promise<void> {
    if (ports.length === 0) return;
    await this.db
      .insertInto("published_ports")
      .values(
        ports.map((port) => ({
          host_address: port.hostAddress,
          host_port: port.hostPort,
          protocol: port.protocol,
          container_port: port.containerPort,
          instance_id: instanceId,
          tenancy_id: tenancyId,
          time_created: now,
        })),
      )
      .execute();
  }

  async ofInstance(instanceId: string): Promise<PublishedPort[]> {
    const rows = await this.db
      .selectFrom("published_ports")
      .selectAll()
      .where("instance_id", "=", instanceId)
      .orderBy("host_port")
      .execute();
    return rows.map((row) => ({
      hostAddress: row.host_address,
      hostPort: Number(row.host_port),
      containerPort: Number(row.container_port),
      protocol: row.protocol as PortProtocol,
    }));
  }

  /** Frees the instance's host ports (on delete). Idempotent. */
  async release(instanceId: string): Promise<void> {
    await this.db.deleteFrom("published_ports").where("instance_id", "=", instanceId).execute();
  }
}
