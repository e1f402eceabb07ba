import { randomBytes } from "node:crypto";

/** A fresh opaque etag; every change to a resource gets a new one. */
export const newEtag = (): string => randomBytes(16).toString("hex");
