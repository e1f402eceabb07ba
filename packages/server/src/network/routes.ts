import { NETWORK_OPERATIONS as OP } from "@caisson/api";
import type { OperationDeps } from "../deps.js";
import type { Route } from "../http/route.js";
import { route } from "../http/route-declaration.js";
import { getSubnet, getVcn, listSubnets, listVcns } from "./network-reads.js";
import { createSubnet, deleteSubnet, updateSubnet } from "./subnet-writes.js";
import { createVcn, deleteVcn, updateVcn } from "./vcn-writes.js";
import { getVnic } from "./vnic-reads.js";
import { updateVnic } from "./vnic-writes.js";

/** The Core (VirtualNetwork) 20160918 subset (its wire contract: NETWORK_OPERATIONS in packages/api). */
export function networkRoutes(deps: OperationDeps): Route[] {
  return [
    route(OP.CreateVcn, (ctx, input) => createVcn(deps, ctx, input)),
    route(OP.ListVcns, (ctx, input) => listVcns(deps, ctx, input)),
    route(OP.GetVcn, (ctx, input) => getVcn(deps, ctx, input)),
    route(OP.UpdateVcn, (ctx, input) => updateVcn(deps, ctx, input)),
    route(OP.DeleteVcn, (ctx, input) => deleteVcn(deps, ctx, input)),
    route(OP.CreateSubnet, (ctx, input) => createSubnet(deps, ctx, input)),
    route(OP.ListSubnets, (ctx, input) => listSubnets(deps, ctx, input)),
    route(OP.GetSubnet, (ctx, input) => getSubnet(deps, ctx, input)),
    route(OP.UpdateSubnet, (ctx, input) => updateSubnet(deps, ctx, input)),
    route(OP.DeleteSubnet, (ctx, input) => deleteSubnet(deps, ctx, input)),
    route(OP.GetVnic, (ctx, input) => getVnic(deps, ctx, input)),
    route(OP.UpdateVnic, (ctx, input) => updateVnic(deps, ctx, input)),
  ];
}
