import { Type } from "@sinclair/typebox";
import type { Route } from "../http/route.js";
import {
  IF_MATCH,
  listParameters,
  ocidQuery,
  pathParameter,
  queryParameter,
  RETRY_TOKEN,
  V20160918,
} from "../identity/wire-parameters.js";
import type { OperationDeps } from "../operations/deps.js";
import { getSubnet, getVcn, listSubnets, listVcns } from "./network-reads.js";
import {
  CreateSubnetDetails,
  CreateVcnDetails,
  UpdateSubnetDetails,
  UpdateVcnDetails,
  UpdateVnicDetails,
} from "./schemas.js";
import { createSubnet, deleteSubnet, updateSubnet } from "./subnet-writes.js";
import { createVcn, deleteVcn, updateVcn } from "./vcn-writes.js";
import { getVnic } from "./vnic-reads.js";
import { updateVnic } from "./vnic-writes.js";

const LIST_FILTERS = [
  ...listParameters(["TIMECREATED", "DISPLAYNAME"]),
  queryParameter("displayName", Type.String({ minLength: 1, maxLength: 255 })),
  queryParameter("lifecycleState", Type.String({ minLength: 1 })),
];

/**
 * The subset of Core (VirtualNetwork) 20160918 that Container Instances needs: VCNs, subnets, and reading a
 * container instance's VNIC (read and update). Wire names follow the official oci-core client; lists are bare JSON arrays.
 */
export function networkRoutes(deps: OperationDeps): Route[] {
  const route = (
    name: string,
    method: Route["method"],
    path: string,
    parameters: Route["parameters"],
    handler: (d: OperationDeps, ...rest: Parameters<Route["handle"]>) => ReturnType<Route["handle"]>,
    requestBody?: Route["requestBody"],
  ): Route => ({
    name,
    method,
    path: `${V20160918}${path}`,
    parameters,
    ...(requestBody && { requestBody }),
    handle: (ctx, input) => handler(deps, ctx, input),
  });
  return [
    route("CreateVcn", "POST", "/vcns", [RETRY_TOKEN], createVcn, { schema: CreateVcnDetails, required: true }),
    route("ListVcns", "GET", "/vcns", [ocidQuery("compartmentId", true), ...LIST_FILTERS], listVcns),
    route("GetVcn", "GET", "/vcns/{vcnId}", [pathParameter("vcnId")], getVcn),
    route("UpdateVcn", "PUT", "/vcns/{vcnId}", [pathParameter("vcnId"), IF_MATCH], updateVcn, {
      schema: UpdateVcnDetails,
      required: true,
    }),
    route("DeleteVcn", "DELETE", "/vcns/{vcnId}", [pathParameter("vcnId"), IF_MATCH], deleteVcn),
    route("CreateSubnet", "POST", "/subnets", [RETRY_TOKEN], createSubnet, {
      schema: CreateSubnetDetails,
      required: true,
    }),
    route(
      "ListSubnets",
      "GET",
      "/subnets",
      [ocidQuery("compartmentId", true), ocidQuery("vcnId"), ...LIST_FILTERS],
      listSubnets,
    ),
    route("GetSubnet", "GET", "/subnets/{subnetId}", [pathParameter("subnetId")], getSubnet),
    route("UpdateSubnet", "PUT", "/subnets/{subnetId}", [pathParameter("subnetId"), IF_MATCH], updateSubnet, {
      schema: UpdateSubnetDetails,
      required: true,
    }),
    route("DeleteSubnet", "DELETE", "/subnets/{subnetId}", [pathParameter("subnetId"), IF_MATCH], deleteSubnet),
    route("GetVnic", "GET", "/vnics/{vnicId}", [pathParameter("vnicId")], getVnic),
    route("UpdateVnic", "PUT", "/vnics/{vnicId}", [pathParameter("vnicId"), IF_MATCH], updateVnic, {
      schema: UpdateVnicDetails,
      required: true,
    }),
  ];
}
