import { idPath, operationTable } from "@caisson/api";
import { SetServiceLimitDetails } from "../limits/schemas.js";
import { CreateTenancyDetails, CreateUserDetails, UploadApiKeyDetails } from "./schemas.js";

export const ADMIN_PREFIX = "/_caisson/admin";

const tenancyId = idPath("tenancyId");
const userId = idPath("userId");

/** The operator's admin API (not part of OCI, hence the `/_caisson` prefix), declared like the OCI operations. */
export const ADMIN_OPERATIONS = operationTable({
  AdminListTenancies: { method: "GET", path: `${ADMIN_PREFIX}/tenancies`, parameters: [] },
  AdminCreateTenancy: {
    method: "POST",
    path: `${ADMIN_PREFIX}/tenancies`,
    parameters: [],
    requestBody: { schema: CreateTenancyDetails, required: true },
  },
  AdminGetTenancy: { method: "GET", path: `${ADMIN_PREFIX}/tenancies/{tenancyId}`, parameters: [tenancyId] },
  AdminListUsers: { method: "GET", path: `${ADMIN_PREFIX}/tenancies/{tenancyId}/users`, parameters: [tenancyId] },
  AdminCreateUser: {
    method: "POST",
    path: `${ADMIN_PREFIX}/tenancies/{tenancyId}/users`,
    parameters: [tenancyId],
    requestBody: { schema: CreateUserDetails, required: true },
  },
  AdminListServiceLimits: {
    method: "GET",
    path: `${ADMIN_PREFIX}/tenancies/{tenancyId}/limits`,
    parameters: [tenancyId],
  },
  AdminSetServiceLimit: {
    method: "PUT",
    path: `${ADMIN_PREFIX}/tenancies/{tenancyId}/limits/{limitName}`,
    parameters: [tenancyId, idPath("limitName")],
    requestBody: { schema: SetServiceLimitDetails, required: true },
  },
  AdminListApiKeys: { method: "GET", path: `${ADMIN_PREFIX}/users/{userId}/apiKeys`, parameters: [userId] },
  AdminUploadApiKey: {
    method: "POST",
    path: `${ADMIN_PREFIX}/users/{userId}/apiKeys`,
    parameters: [userId],
    requestBody: { schema: UploadApiKeyDetails, required: false },
  },
  AdminDeleteApiKey: {
    method: "DELETE",
    path: `${ADMIN_PREFIX}/users/{userId}/apiKeys/{fingerprint}`,
    parameters: [userId, idPath("fingerprint")],
  },
});
