/**
 * What a work request carries for its executor. The state a resource returns to after an UPDATING step is
 * recorded here, so a resumed work request restores exactly what was there before.
 */
export type WorkPayload =
  | { kind: "createInstance"; instanceId: string }
  | { kind: "deleteInstance"; instanceId: string }
  | { kind: "startInstance"; instanceId: string }
  | { kind: "stopInstance"; instanceId: string }
  | { kind: "restartInstance"; instanceId: string }
  | {
      kind: "updateInstance";
      instanceId: string;
      previousState: string;
      changes: {
        displayName?: string;
        freeformTags?: Record<string, string>;
        definedTags?: Record<string, Record<string, unknown>>;
      };
    }
  | { kind: "moveInstance"; instanceId: string; previousState: string; compartmentId: string }
  | {
      kind: "updateContainer";
      instanceId: string;
      containerId: string;
      previousState: string;
      changes: {
        displayName?: string;
        freeformTags?: Record<string, string>;
        definedTags?: Record<string, Record<string, unknown>>;
      };
    };
