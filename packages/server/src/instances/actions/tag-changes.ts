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
