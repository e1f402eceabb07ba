import type { TSchema } from "@sinclair/typebox";
import type { OperationType } from "./enums.js";

/** The version of the OCI Container Instances API this code implements (the path prefix of every operation). */
export const API_VERSION = "20210415";

/** The 18 operations of Container Instances API 20210415, by their OCI names. */
export type OperationName =
  | "ListContainerInstances"
  | "CreateContainerInstance"
  | "GetContainerInstance"
  | "UpdateContainerInstance"
  | "DeleteContainerInstance"
  | "ChangeContainerInstanceCompartment"
  | "RestartContainerInstance"
  | "StartContainerInstance"
  | "StopContainerInstance"
  | "ListContainerInstanceShapes"
  | "ListContainers"
  | "GetContainer"
  | "UpdateContainer"
  | "RetrieveLogs"
  | "GetWorkRequest"
  | "ListWorkRequests"
  | "ListWorkRequestErrors"
  | "ListWorkRequestLogs";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export type ParameterLocation = "path" | "query" | "header";

/**
 * One path, query or header parameter as it appears on the wire. The type arguments keep its wire name, place,
 * whether it is required and its schema, so a route's handler gets typed inputs (`Static<>` of each schema); the
 * defaults describe any parameter.
 */
export interface ParameterSpec<
  Name extends string = string,
  In extends ParameterLocation = ParameterLocation,
  Required extends boolean = boolean,
  Schema extends TSchema = TSchema,
> {
  /** Wire name: `containerInstanceId`, `limit`, `opc-retry-token`, … */
  name: Name;
  /** The TypeScript SDK's property name for it: `containerInstanceId`, `opcRetryToken`, … */
  sdkName: string;
  in: In;
  required: Required;
  /** Schema of the (decoded) value: string, integer, boolean, or a string enum. */
  schema: Schema;
  description?: string;
}

/**
 * What the server needs to serve one operation: its name, method, path and the inputs it validates. Every route
 * Caisson serves — Container Instances, the Identity and Core subsets, the `/_caisson` extensions — is declared
 * in this shape with the builders of `parameters.ts`.
 */
export interface HttpOperation<
  Parameters extends readonly ParameterSpec[] = readonly ParameterSpec[],
  Body extends TSchema = TSchema,
  BodyRequired extends boolean = boolean,
> {
  name: string;
  method: HttpMethod;
  /** Path template including its prefix: `/20160918/vcns/{vcnId}`, `/_caisson/events`. */
  path: string;
  parameters: Parameters;
  requestBody?: { schema: Body; required: BodyRequired };
}

export interface OperationSpec {
  name: OperationName;
  /** lowerCamelCase method name used by the SDKs: `listContainerInstances`. */
  methodName: string;
  method: HttpMethod;
  /** Path template including the version prefix: `/20210415/containerInstances/{containerInstanceId}`. */
  path: string;
  parameters: readonly ParameterSpec[];
  /** Request body schema and the SDK request property carrying it, when the operation takes a body. */
  requestBody?: { schema: TSchema; sdkName: string; required: boolean };
  successStatus: 200 | 202;
  /** Response body: a model schema, raw log bytes, or nothing. */
  response:
    | { kind: "json"; schema: TSchema; sdkName: string }
    | { kind: "binary"; contentType: "text/plain" }
    | { kind: "none" };
  /** Response headers this operation sets on success (besides opc-request-id, always present). */
  responseHeaders: Array<"etag" | "opc-work-request-id" | "opc-next-page" | "retry-after">;
  /** Work request operationType recorded by mutating operations. */
  workRequestOperationType?: OperationType;
  /** True for list operations (limit/page/opc-next-page). */
  paginated: boolean;
}
