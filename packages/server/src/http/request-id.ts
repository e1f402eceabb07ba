import { randomBytes } from "node:crypto";

/**
 * The `opc-request-id` answered with: the caller's own id echoed back unchanged when it is a usable header
 * value (so a client can match logs), otherwise a fresh one.
 */
export function responseRequestId(callerId: string | undefined): string {
  if (callerId && callerId.length <= 255 && /^[\x21-\x7e]+$/.test(callerId)) return callerId;
  return randomBytes(16).toString("hex").toUpperCase();
}
