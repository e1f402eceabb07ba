// Store fixtures: a bootstrapped data directory with one instance created through the API, then as many
// clones of that instance (its row, its container, its work request and log entries) as a benchmark needs,
// written straight into SQLite in one transaction while the server is stopped. Cloning what the server itself
// wrote keeps the rows faithful to the current schema and documents without restating them here.
import { join } from "node:path";
import Database from "better-sqlite3";
import { CaissonApi } from "./api.mjs";
import { startCaisson, tempDir } from "./processes.mjs";

/** A data directory after a first start and one real create; the server is stopped again. */
export async function bootstrapDataDir(label, { template = true, shared = false } = {}) {
  const dataDir = tempDir(label, { shared });
  const server = await startCaisson(dataDir);
  const api = new CaissonApi(server.url, dataDir);
  try {
    if (!template) return dataDir;
    const [ad] = await api.availabilityDomains();
    const created = await api.call("POST", "/20210415/containerInstances", api.createBody(ad, "template"));
    const status = await api.waitWorkRequest(created.headers["opc-work-request-id"]);
    if (status !== "SUCCEEDED") throw new Error(`template create ended ${status}`);
  } finally {
    api.close();
    await server.stop();
  }
  return dataDir;
}

const fixtures = new Map();

/**
 * A store holding `total` instances, built once per run and shared by the suites that need it (start-up and
 * scale both use the 100,000-instance store). Callers must not write to it... except by starting the server.
 */
export function sharedStore(total) {
  if (!fixtures.has(total)) {
    fixtures.set(
      total,
      bootstrapDataDir(`store-${total}`, { shared: true }).then((dir) => {
        if (total > 1) seedInstances(dir, total - 1);
        return dir;
      }),
    );
  }
  return fixtures.get(total);
}

/** The lifecycle mix of seeded instances: a long-running deployment, mostly running, some stopped or failed. */
export const DEFAULT_STATE_MIX = [
  ["ACTIVE", 0.6],
  ["INACTIVE", 0.25],
  ["FAILED", 0.1],
  ["DELETED", 0.05],
];

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

function cloneId(template, n, salt) {
  const cut = template.lastIndexOf(".") + 1;
  const suffixLength = template.length - cut;
  let tail = `${salt}${n.toString(32).padStart(6, "0")}`;
  let x = (n * 2654435761 + salt.charCodeAt(0)) >>> 0;
  while (tail.length < suffixLength) {
    tail += ALPHABET[x % 32];
    x = (x * 1103515245 + 12345) >>> 0;
  }
  return template.slice(0, cut) + tail.slice(0, suffixLength).replace(/[^a-z0-9]/g, "a");
}

const replaceAll = (text, pairs) =>
  pairs.reduce((t, [from, to]) => (typeof t === "string" ? t.split(from).join(to) : t), text);

/**
 * Adds `count` clones of the template instance (so the store holds count + 1 instances). Creation times are
 * spread over the past, one every 50 ms, and display names are a permutation of the creation order so the two
 * sort keys disagree.
 */
export function seedInstances(dataDir, count, { stateMix = DEFAULT_STATE_MIX } = {}) {
  const db = new Database(join(dataDir, "caisson.db"));
  try {
    db.pragma("journal_mode = WAL");
    const instance = db.prepare("select * from container_instances where display_name = 'template'").get();
    if (!instance) throw new Error("no template instance in the store");
    const containers = db.prepare("select * from containers where container_instance_id = ?").all(instance.id);
    const workRequest = db.prepare("select * from work_requests where resource_ids like ?").get(`%,${instance.id},%`);
    const entries = db.prepare("select * from work_request_entries where work_request_id = ?").all(workRequest.id);
    const vnicId = JSON.parse(instance.doc).vnics?.[0]?.vnicId;

    const insert = (table, sample) => {
      const columns = Object.keys(sample).filter((c) => !(table === "work_request_entries" && c === "seq"));
      return db.prepare(
        `insert into ${table} (${columns.join(",")}) values (${columns.map((c) => `@${c}`).join(",")})`,
      );
    };
    const insertInstance = insert("container_instances", instance);
    const insertContainer = insert("containers", containers[0]);
    const insertWorkRequest = insert("work_requests", workRequest);
    const insertEntry = entries.length > 0 ? insert("work_request_entries", entries[0]) : undefined;

    const start = Date.parse(instance.time_created) - (count + 1) * 50;
    const purgeAfter = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
    const cumulative = [];
    let sum = 0;
    for (const [state, share] of stateMix) {
      sum += share;
      cumulative.push([state, sum]);
    }
    const stateOf = (i) => {
      const u = ((i * 40503) % 1000) / 1000;
      return (cumulative.find(([, upTo]) => u < upTo) ?? cumulative[cumulative.length - 1])[0];
    };
    const permutation = (i) => (i * 7919) % count; // 7919 is prime, so this is a bijection unless count % 7919 == 0

    const seed = db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const id = cloneId(instance.id, i, "b");
        const at = new Date(start + i * 50).toISOString();
        const state = stateOf(i);
        const pairs = [[instance.id, id], ...(vnicId ? [[vnicId, cloneId(vnicId, i, "v")]] : [])];
        const containerIds = containers.map((c, k) => cloneId(c.id, i * 8 + k, "c"));
        for (const [k, c] of containers.entries()) pairs.push([c.id, containerIds[k]]);
        const purge = state === "DELETED" ? purgeAfter : null;
        insertInstance.run({
          ...instance,
          id,
          display_name: `instance-${String(permutation(i)).padStart(6, "0")}`,
          lifecycle_state: state,
          time_created: at,
          time_updated: at,
          etag: `${instance.etag.slice(0, -8)}${i.toString(16).padStart(8, "0")}`.slice(-instance.etag.length),
          doc: replaceAll(instance.doc, pairs),
          spec: replaceAll(instance.spec, pairs),
          purge_after: purge,
          ...("vnic_id" in instance && { vnic_id: vnicId ? cloneId(vnicId, i, "v") : null }),
          // The stored summary is derived from the row: the clone's own ids, name, state and times.
          ...(instance.summary_doc && {
            summary_doc: JSON.stringify({
              ...JSON.parse(replaceAll(instance.summary_doc, pairs)),
              id,
              displayName: `instance-${String(permutation(i)).padStart(6, "0")}`,
              lifecycleState: state,
              timeCreated: at,
              timeUpdated: at,
            }),
          }),
        });
        containers.forEach((c, k) => {
          insertContainer.run({
            ...c,
            id: containerIds[k],
            container_instance_id: id,
            lifecycle_state: state === "ACTIVE" ? c.lifecycle_state : state === "DELETED" ? "DELETED" : "INACTIVE",
            time_created: at,
            time_updated: at,
            doc: replaceAll(c.doc, pairs),
            purge_after: purge,
          });
        });
        const wrId = cloneId(workRequest.id, i, "w");
        insertWorkRequest.run({
          ...workRequest,
          id: wrId,
          time_accepted: at,
          time_started: at,
          time_finished: at,
          resources: replaceAll(workRequest.resources, pairs),
          payload: replaceAll(workRequest.payload, pairs),
          resource_ids: replaceAll(workRequest.resource_ids, pairs),
        });
        for (const entry of entries) {
          const { seq: _seq, ...rest } = entry;
          insertEntry.run({ ...rest, work_request_id: wrId, timestamp: at });
        }
      }
    });
    seed();
    db.pragma("wal_checkpoint(TRUNCATE)");
    return { templateId: instance.id };
  } finally {
    db.close();
  }
}

/**
 * The row at `position` of a listing in the given sort, read straight from the file (the server may be
 * running: WAL lets readers in), to build a deep-page cursor. With `count`, the number of rows instead.
 */
export function rowAt(dataDir, { column, order, where, table = "container_instances", count = false }, position = 0) {
  const db = new Database(join(dataDir, "caisson.db"), { readonly: true, fileMustExist: true });
  try {
    if (count) return db.prepare(`select count(*) as n from ${table} where ${where}`).get().n;
    return db
      .prepare(
        `select id, ${column} as value from ${table} where ${where} order by ${column} ${order}, id ${order} limit 1 offset ?`,
      )
      .get(position);
  } finally {
    db.close();
  }
}
