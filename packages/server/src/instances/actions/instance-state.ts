import type { Repositories } from "../../store/store.js";

/** Moves an instance and its containers to `state` with `details`, as a finished (or abandoned) work leaves them. */
export async function setInstanceState(
  repos: Repositories,
  instanceId: string,
  state: string,
  details: string,
  now: string,
): Promise<void> {
  const current = await repos.instances.load(instanceId);
  if (!current) return;
  await repos.instances.update(
    instanceId,
    { lifecycle_state: state, doc: { ...current.doc, lifecycleDetails: details } },
    now,
  );
  for (const container of await repos.instances.loadContainers(instanceId)) {
    const doc = { ...container.doc, lifecycleDetails: details };
    if (state === "ACTIVE") {
      delete doc.exitCode;
      delete doc.timeTerminated;
    } else if (state === "INACTIVE") {
      doc.timeTerminated ??= now;
    }
    await repos.instances.updateContainer(container.columns.id, { lifecycle_state: state, doc }, now);
  }
}
