import { Type } from "@sinclair/typebox";
import { MAX_LIMIT_VALUE } from "./catalog.js";

/** The admin API's body for setting one limit of one tenancy. */
export const SetServiceLimitDetails = Type.Object(
  { value: Type.Integer({ minimum: 0, maximum: MAX_LIMIT_VALUE }) },
  { additionalProperties: false },
);
