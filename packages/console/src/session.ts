import { json, type Session } from "./api.js";
import { signChallenge } from "./signing.js";

export interface KeySignIn {
  tenancyId: string;
  userId: string;
  fingerprint: string;
  privateKeyPem: string;
}

/** The current session, or undefined when there is none. */
export async function currentSession(): Promise<Session | undefined> {
  const response = await fetch("/_caisson/console/session", { credentials: "same-origin" });
  return response.ok ? ((await response.json()) as Session) : undefined;
}

/** Signs the server's challenge with the key in the page; only the signature is sent. */
export async function signInWithKey(details: KeySignIn): Promise<Session> {
  const { challenge } = await json<{ challenge: string }>("/_caisson/console/challenge", { method: "POST" });
  const signature = await signChallenge(details.privateKeyPem, challenge);
  return json<Session>("/_caisson/console/session", {
    method: "POST",
    body: {
      tenancyId: details.tenancyId.trim(),
      userId: details.userId.trim(),
      fingerprint: details.fingerprint.trim(),
      challenge,
      signature,
    },
  });
}

export const signInWithLink = (signInLink: string): Promise<Session> =>
  json<Session>("/_caisson/console/session", { method: "POST", body: { signInLink } });

export const signOut = (): Promise<unknown> => json("/_caisson/console/session", { method: "DELETE" });

/** Reads `user=`, `fingerprint=` and `tenancy=` from a pasted OCI config file (its first profile). */
export function fromConfigFile(text: string): Partial<KeySignIn> {
  const value = (name: string) => new RegExp(`^\\s*${name}\\s*=\\s*(\\S+)`, "m").exec(text)?.[1];
  const found: Partial<KeySignIn> = {};
  const user = value("user");
  const fingerprint = value("fingerprint");
  const tenancy = value("tenancy");
  if (user) found.userId = user;
  if (fingerprint) found.fingerprint = fingerprint;
  if (tenancy) found.tenancyId = tenancy;
  return found;
}
