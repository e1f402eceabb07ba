import type { UpdateContainerDetails } from "@caisson/api";
import type { StoredContainer } from "../../store/stored-instance.js";
import type { WorkAction } from "./action.js";
import { succeeded } from "./outcome.js";
import { type TagChanges, tagChanges, withTagChanges } from "./tag-changes.js";

export interface UpdateContainerPayload {
  kind: "updateContainer";
  instanceId: string;
  containerId: string;
  previousState: string;
  changes: TagChanges;
}

/** UpdateContainer: display name and tags of one container; the container shows UPDATING meanwhile. */
export const updateContainerAction: WorkAction<UpdateContainerPayload> & {
  payload(container: StoredContainer["columns"], body: UpdateContainerDetails | undefined): UpdateContainerPayload;
} = {
  operation: "UpdateContainer",
  kind: "updateContainer",
  payload: (container, body) => ({
    kind: "updateContainer",
    instanceId: container.container_instance_id,
    containerId: container.id,
    previousState: container.lifecycle_state,
    changes: tagChanges(body ?? {}),
  }),
  async execute(_deps, _instance, payload) {
    return succeeded("UPDATED", "Updated.", async (repos, now) => {
      const container = await repos.instances.loadContainer(payload.containerId);
      if (!container) return;
      const doc = withTagChanges(container.doc, payload.changes);
      await repos.instances.updateContainer(
        container.columns.id,
        {
          // Restore the earlier state only if nothing else moved the container meanwhile: an instance stop
          // or delete that ran first has already set the state this container must keep.
          ...(container.columns.lifecycle_state === "UPDATING" && { lifecycle_state: payload.previousState }),
          doc,
          ...(payload.changes.displayName !== undefined && { display_name: payload.changes.displayName }),
        },
        now,
      );
    });
  },
  /** Only the container returns to the state it had; its instance is not touched. */
  async abandon(repos, payload, _reason, now) {
    const container = await repos.instances.findContainer(payload.containerId);
    if (container?.lifecycle_state === "UPDATING") {
      await repos.instances.updateContainer(container.id, { lifecycle_state: payload.previousState }, now);
    }
  },
};
