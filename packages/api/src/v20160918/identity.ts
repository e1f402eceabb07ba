import { Type } from "@sinclair/typebox";
import { opcRetryToken, operationTable, queryParameter } from "../parameters.js";
import { idPath, ifMatch255, listParameters, OCID_20160918, ocidQuery, TAG_FIELDS, V20160918 } from "./parameters.js";

// OCI: letters, digits, period, hyphen and underscore, up to 100 characters; descriptions up to 400.
const COMPARTMENT_NAME = Type.String({ minLength: 1, maxLength: 100, pattern: "^[A-Za-z0-9._-]+$" });
const DESCRIPTION = Type.String({ minLength: 1, maxLength: 400 });

export const CreateCompartmentDetails = Type.Object({
  compartmentId: OCID_20160918,
  name: COMPARTMENT_NAME,
  description: DESCRIPTION,
  ...TAG_FIELDS,
});

export const UpdateCompartmentDetails = Type.Object({
  name: Type.Optional(COMPARTMENT_NAME),
  description: Type.Optional(DESCRIPTION),
  ...TAG_FIELDS,
});

/**
 * The subset of Identity 20160918 that clients call before using Container Instances: availability and fault
 * domains, compartments, and reading the tenancy and users. Its lists answer with bare JSON arrays, not `{items}`.
 */
export const IDENTITY_OPERATIONS = operationTable({
  ListAvailabilityDomains: {
    method: "GET",
    path: `${V20160918}/availabilityDomains`,
    parameters: [ocidQuery("compartmentId", true)],
  },
  ListFaultDomains: {
    method: "GET",
    path: `${V20160918}/faultDomains`,
    parameters: [
      ocidQuery("compartmentId", true),
      queryParameter("availabilityDomain", Type.String({ minLength: 1 }), true),
    ],
  },
  CreateCompartment: {
    method: "POST",
    path: `${V20160918}/compartments`,
    parameters: [opcRetryToken],
    requestBody: { schema: CreateCompartmentDetails, required: true },
  },
  ListCompartments: {
    method: "GET",
    path: `${V20160918}/compartments`,
    parameters: [
      ocidQuery("compartmentId", true),
      ...listParameters(["TIMECREATED", "NAME"]),
      queryParameter("accessLevel", Type.Union([Type.Literal("ANY"), Type.Literal("ACCESSIBLE")])),
      queryParameter("compartmentIdInSubtree", Type.Boolean()),
      queryParameter("name", Type.String({ minLength: 1, maxLength: 100 })),
      queryParameter("lifecycleState", Type.String({ minLength: 1 })),
    ],
  },
  GetCompartment: {
    method: "GET",
    path: `${V20160918}/compartments/{compartmentId}`,
    parameters: [idPath("compartmentId")],
  },
  UpdateCompartment: {
    method: "PUT",
    path: `${V20160918}/compartments/{compartmentId}`,
    parameters: [idPath("compartmentId"), ifMatch255],
    requestBody: { schema: UpdateCompartmentDetails, required: true },
  },
  DeleteCompartment: {
    method: "DELETE",
    path: `${V20160918}/compartments/{compartmentId}`,
    parameters: [idPath("compartmentId"), ifMatch255],
  },
  GetTenancy: { method: "GET", path: `${V20160918}/tenancies/{tenancyId}`, parameters: [idPath("tenancyId")] },
  GetUser: { method: "GET", path: `${V20160918}/users/{userId}`, parameters: [idPath("userId")] },
});
