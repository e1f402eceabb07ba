import type { Kysely } from "kysely";
import { containerChanged, instanceChanged, instanceCreated } from "../events/derive.js";
import type { ContainerDoc, InstanceDoc } from "../instances/documents.js";
import type { InstanceSpec } from "../instances/spec.js";
import type { Dialect } from "./dialect.js";
import { newEtag } from "./etag.js";
import type { EventJournal } from "./event-journal.js";
import { instanceReadColumns } from "./instance-read-columns.js";
import { InstanceReads } from "./instance-reads.js";
import { runKeysetPage } from "./keyset.js";
import type { Page } from "./page-token.js";
import {
  keysetOf,
  listConditions,
  notPurged,
  type ResourceListFilter,
  type ResourceListOrder,
} from "./resource-filters.js";
import type { ContainerInstanceRow, ContainerRow, Database } from "./schema.js";
import {
  type ContainerHealth,
  type StoredContainer,
  type StoredInstance,
  storedContainer,
  storedInstance,
  storedText,
} from "./stored-instance.js";

export type InstanceListFilter = ResourceListFilter;

export interface ContainerListFilter extends ResourceListFilter {
  containerInstanceId?: string;
}

export type ListOrder = ResourceListOrder;

/** What a write may change on an instance; documents are given typed, and the repository stores their JSON. */
export type InstanceChanges = Partial<
  Pick<ContainerInstanceRow, "lifecycle_state" | "display_name" | "compartment_id" | "purge_after"> & {
    doc: InstanceDoc;
    spec: InstanceSpec;
  }
>;
export type ContainerChanges = Partial<
  Pick<ContainerRow, "lifecycle_state" | "display_name" | "compartment_id" | "purge_after"> & {
    doc: ContainerDoc;
    health: ContainerHealth[];
  }
>;

const instanceRowChanges = ({ doc, spec, ...columns }: InstanceChanges) => ({
  ...columns,
  ...(doc && { doc: storedText(doc) }),
  ...(spec && { spec: storedText(spec) }),
});

const containerRowChanges = ({ doc, health, ...columns }: ContainerChanges) => ({
  ...columns,
  ...(doc && { doc: storedText(doc) }),
  ...(health && { health: storedText(health) }),
});

/**
 * The container-instance aggregate: an instance row and its container rows, written together. Every change of
 * a lifecycle state, an exit, a restart count or a health status is recorded in the event log by the same
 * write (see events/derive.ts).
 */
export class ContainerInstanceRepository {
  /** The hot reads (GetContainerInstance, List pages), prepared once. */
  readonly reads: InstanceReads;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly journal: EventJournal,
    private readonly dialect: Dialect,
  ) {
    this.reads = new InstanceReads(db);
  }

  /** Records a new instance and its containers (the documents as given, stored as JSON). */
  async insert(stored: StoredInstance, storedContainers: StoredContainer[]): Promise<void> {
    const instance: ContainerInstanceRow = {
      ...stored.columns,
      doc: storedText(stored.doc),
      spec: storedText(stored.spec),
    };
    const containers = storedContainers.map(
      (c): ContainerRow => ({
        ...c.columns,
        doc: storedText(c.doc),
        ...(c.health && { health: storedText(c.health) }),
      }),
    );
    const vnicId = instance.vnic_id ?? stored.spec.vnicId ?? null;
    await this.journal.record(async (db) => {
      await db
        .insertInto("container_instances")
        .values({ ...instance, vnic_id: vnicId, ...instanceReadColumns(instance) })
        .execute();
      if (containers.length > 0) await db.insertInto("containers").values(containers).execute();
      return { result: undefined, events: instanceCreated(instance, containers) };
    });
  }

  /** The instance if it is visible to this tenancy (deleted ones stay visible until purged). */
  async get(tenancyId: string, id: string, now: string): Promise<ContainerInstanceRow | undefined> {
    return this.reads.get(tenancyId, id, now);
  }

  /** By id alone, for the work engine and reconciler, which act for every tenancy. */
  async find(id: string): Promise<ContainerInstanceRow | undefined> {
    return this.db.selectFrom("container_instances").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** `find`, typed: the columns, the document and the spec. */
  async load(id: string): Promise<StoredInstance | undefined> {
    const row = await this.find(id);
    return row && storedInstance(row);
  }

  /** `get`, typed: the instance if this tenancy sees it. */
  async loadVisible(tenancyId: string, id: string, now: string): Promise<StoredInstance | undefined> {
    const row = await this.get(tenancyId, id, now);
    return row && storedInstance(row);
  }

  /** `containersOf`, typed. */
  async loadContainers(instanceId: string): Promise<StoredContainer[]> {
    return (await this.containersOf(instanceId)).map(storedContainer);
  }

  /** `findContainer`, typed. */
  async loadContainer(id: string): Promise<StoredContainer | undefined> {
    const row = await this.findContainer(id);
    return row && storedContainer(row);
  }

  /** Lists never need the private `spec` (the largest column), so it is not read. */
  async list(filter: InstanceListFilter, order: ListOrder): Promise<Page<Omit<ContainerInstanceRow, "spec">>> {
    const q = this.db
      .selectFrom("container_instances")
      .select([
        "id",
        "tenancy_id",
        "compartment_id",
        "display_name",
        "availability_domain",
        "lifecycle_state",
        "time_created",
        "time_updated",
        "etag",
        "doc",
        "purge_after",
      ])
      .where(listConditions(filter));
    return runKeysetPage(q, keysetOf(order));
  }

  /** How many instances (of every tenancy) are in each lifecycle state, for the metrics endpoint. */
  async countByState(): Promise<Array<{ state: string; count: number }>> {
    const rows = await this.db
      .selectFrom("container_instances")
      .select((eb) => ["lifecycle_state", eb.fn.countAll().as("count")])
      .groupBy("lifecycle_state")
      .execute();
    return rows.map((r) => ({ state: r.lifecycle_state, count: Number(r.count) }));
  }

  /** Ids of instances in any of the given states, for the reconciler. */
  async idsInStates(states: string[]): Promise<string[]> {
    const rows = await this.db
      .selectFrom("container_instances")
      .select("id")
      .where("lifecycle_state", "in", states)
      .execute();
    return rows.map((r) => r.id);
  }

  /** The lifecycle state of each of `ids` the store knows (in chunks: an engine may report thousands). */
  async statesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const states = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom("container_instances")
        .select(["id", "lifecycle_state"])
        .where("id", "in", ids.slice(i, i + 500))
        .execute();
      for (const row of rows) states.set(row.id, row.lifecycle_state);
    }
    return states;
  }

  /**
   * ACTIVE instances with their container ids, `limit` instances at a time after `after` (adoption at
   * start-up reads them in pages, so a large store never blocks the event loop for long).
   */
  async activeContainerIds(
    after: string,
    limit: number,
  ): Promise<Array<{ instanceId: string; containerIds: string[] }>> {
    const instances = await this.db
      .selectFrom("container_instances")
      .select("id")
      .where("lifecycle_state", "=", "ACTIVE")
      .where("id", ">", after)
      .orderBy("id")
      .limit(limit)
      .execute();
    if (instances.length === 0) return [];
    const rows = await this.db
      .selectFrom("containers")
      .select(["container_instance_id as instanceId", "id as containerId"])
      .where(
        "container_instance_id",
        "in",
        instances.map((i) => i.id),
      )
      .orderBy("time_created")
      .execute();
    const byInstance = new Map<string, string[]>(instances.map((i) => [i.id, []]));
    for (const row of rows) byInstance.get(row.instanceId)?.push(row.containerId);
    return [...byInstance].map(([instanceId, containerIds]) => ({ instanceId, containerIds }));
  }

  /**
   * Applies changes, a new etag and timeUpdated, and the read columns derived from the row as it was plus the
   * changes (the stored summary shows timeUpdated, so every change changes it): one read, locked until the
   * transaction ends, and one write. Returns false when the instance does not exist.
   */
  async update(id: string, changes: InstanceChanges, now: string): Promise<boolean> {
    const set = { ...instanceRowChanges(changes), etag: newEtag(), time_updated: now };
    const write = async (db: Kysely<Database>) => {
      let read = db.selectFrom("container_instances").selectAll().where("id", "=", id);
      // SQLite runs one writer at a time; PostgreSQL needs the row held so no change lands between read and write.
      if (this.dialect === "postgres") read = read.forUpdate();
      const prev = await read.executeTakeFirst();
      if (!prev) return undefined;
      await db
        .updateTable("container_instances")
        .set({ ...set, ...instanceReadColumns({ ...prev, ...set }) })
        .where("id", "=", id)
        .execute();
      return prev;
    };
    if (set.lifecycle_state === undefined) {
      const prev = await (this.db.isTransaction ? write(this.db) : this.db.transaction().execute(write));
      return prev !== undefined;
    }
    return this.journal.record(async (db) => {
      const prev = await write(db);
      return { result: prev !== undefined, events: prev ? instanceChanged(prev, set, now) : [] };
    });
  }

  async containersOf(instanceId: string): Promise<ContainerRow[]> {
    return this.db
      .selectFrom("containers")
      .selectAll()
      .where("container_instance_id", "=", instanceId)
      .orderBy("time_created")
      .orderBy("id")
      .execute();
  }

  async getContainer(tenancyId: string, id: string, now: string): Promise<ContainerRow | undefined> {
    return this.db
      .selectFrom("containers")
      .selectAll()
      .where("tenancy_id", "=", tenancyId)
      .where("id", "=", id)
      .where(notPurged(now))
      .executeTakeFirst();
  }

  async findContainer(id: string): Promise<ContainerRow | undefined> {
    return this.db.selectFrom("containers").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async listContainers(filter: ContainerListFilter, order: ListOrder): Promise<Page<ContainerRow>> {
    let q = this.db.selectFrom("containers").selectAll().where(listConditions(filter));
    if (filter.containerInstanceId !== undefined) {
      q = q.where("container_instance_id", "=", filter.containerInstanceId);
    }
    return runKeysetPage(q, keysetOf(order));
  }

  async updateContainer(id: string, typed: ContainerChanges, now: string): Promise<boolean> {
    const changes = containerRowChanges(typed);
    const write = (db: Kysely<Database>) =>
      db
        .updateTable("containers")
        .set({ ...changes, etag: newEtag(), time_updated: now })
        .where("id", "=", id)
        .executeTakeFirst()
        .then((r) => r.numUpdatedRows > 0n);
    if (changes.lifecycle_state === undefined && changes.doc === undefined && changes.health === undefined) {
      return write(this.db);
    }
    return this.journal.record(async (db) => {
      const prev = await db.selectFrom("containers").selectAll().where("id", "=", id).executeTakeFirst();
      const updated = await write(db);
      return { result: updated, events: prev && updated ? containerChanged(prev, changes, now) : [] };
    });
  }

  async updateContainersOf(instanceId: string, typed: ContainerChanges, now: string): Promise<void> {
    const changes = containerRowChanges(typed);
    const write = (db: Kysely<Database>) =>
      db
        .updateTable("containers")
        .set({ ...changes, etag: newEtag(), time_updated: now })
        .where("container_instance_id", "=", instanceId)
        .execute();
    if (changes.lifecycle_state === undefined && changes.doc === undefined) {
      await write(this.db);
      return;
    }
    await this.journal.record(async (db) => {
      const before = await db
        .selectFrom("containers")
        .selectAll()
        .where("container_instance_id", "=", instanceId)
        .orderBy("time_created")
        .orderBy("id")
        .execute();
      await write(db);
      return { result: undefined, events: before.flatMap((prev) => containerChanged(prev, changes, now)) };
    });
  }

  /** Forgets deleted instances whose visibility window has passed. */
  async purgeExpired(now: string): Promise<number> {
    await this.db.deleteFrom("containers").where("purge_after", "<=", now).execute();
    const result = await this.db.deleteFrom("container_instances").where("purge_after", "<=", now).executeTakeFirst();
    // A purged instance's VNIC is gone with it, and so is what UpdateVnic set on it.
    await this.db
      .deleteFrom("vnic_updates")
      .where("container_instance_id", "not in", this.db.selectFrom("container_instances").select("id"))
      .execute();
    return Number(result.numDeletedRows);
  }
}
