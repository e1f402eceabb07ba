export * from "./identity.js";
export * from "./network.js";
export { idPath, ifMatch255, listParameters, OCID_20160918, ocidQuery, TAG_FIELDS, V20160918 } from "./parameters.js";
