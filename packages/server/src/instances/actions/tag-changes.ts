/** What an update of an instance or a container may change: its display name and tags. */
export interface TagChanges {
  displayName?: string;
  freeformTags?: Record<string, string>;
  definedTags?: Record<string, Record<string, unknown>>;
}

/** The fields of an update body that were sent. */
export const tagChanges = (body: TagChanges): TagChanges => ({
  ...(body.displayName !== undefined && { displayName: body.displayName }),
  ...(body.freeformTags !== undefined && { freeformTags: body.freeformTags }),
  ...(body.definedTags !== undefined && { definedTags: body.definedTags }),
});

/** A document with the update's tags applied (the display name is a column, written by the caller). */
export function withTagChanges<Doc extends Pick<TagChanges, "freeformTags" | "definedTags">>(
  doc: Doc,
  changes: TagChanges,
): Doc {
  return {
    ...doc,
    ...(changes.freeformTags && { freeformTags: changes.freeformTags }),
    ...(changes.definedTags && { definedTags: changes.definedTags }),
  };
}
