import type { Group } from "../../cli/spec.js";
import { apiKeyGroup } from "./api-key.js";
import { backupCommand } from "./backup.js";
import { compartmentGroup } from "./compartment.js";
import { limitGroup } from "./limit.js";
import { tenancyGroup } from "./tenancy.js";
import { userGroup } from "./user.js";

export const adminGroup: Group = {
  name: "admin",
  summary: "Tenancies, users, API keys, limits (operator only), compartments and backups",
  commands: [tenancyGroup, userGroup, apiKeyGroup, limitGroup, compartmentGroup, backupCommand],
};
