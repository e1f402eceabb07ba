import type { UpdateContainerInstanceDetails } from "@caisson/api";
import { requireSamePublishTag } from "../../ports/reserve.js";
import { type InstanceAction, SETTLED_STATES } from "./action.js";
import { succeeded } from "./outcome.js";
import { type TagChanges, tagChanges, withTagChanges } from "./tag-changes.js";

/** The state the instance returns to is recorded, so a resumed work request restores exactly what was there. */
export interface UpdatePayload {
  kind: "updateInstance";
  instanceId: string;
  previousState: string;
  changes: TagChanges;
}

/** UpdateContainerInstance: display name and tags; the published ports (a tag) are fixed at create. */
export const updateAction: InstanceAction<UpdatePayload, UpdateContainerInstanceDetails | undefined> = {
  operation: "UpdateContainerInstance",
  kind: "updateInstance",
  allowedStates: SETTLED_STATES,
  transitionalState: "UPDATING",
  payload(instance, request) {
    const body = request.body ?? {};
    if (body.freeformTags !== undefined) requireSamePublishTag(instance.doc.freeformTags, body.freeformTags);
    return {
      kind: "updateInstance",
      instanceId: instance.columns.id,
      previousState: instance.columns.lifecycle_state,
      changes: tagChanges(body),
    };
  },
  async execute(_deps, instance, payload) {
    return succeeded("UPDATED", "Updated.", async (repos, now) => {
      const doc = withTagChanges(instance.doc, payload.changes);
      await repos.instances.update(
        instance.columns.id,
        {
          lifecycle_state: payload.previousState,
          doc,
          ...(payload.changes.displayName !== undefined && { display_name: payload.changes.displayName }),
        },
        now,
      );
    });
  },
};
