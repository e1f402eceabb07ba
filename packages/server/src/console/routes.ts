import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ApiError, invalidParameter } from "../errors.js";
import type { RateLimiter } from "../http/rate-limiter.js";
import { assertConsoleOrigin, assertSameOrigin, SESSION_COOKIE, sessionCookie } from "./session-authenticator.js";
import type { ConsoleSessions } from "./sessions.js";
import { CONSOLE_SECURITY_HEADERS, type ConsoleFile } from "./static-files.js";

export interface ConsoleRouteDeps {
  sessions: ConsoleSessions;
  /** The built console, by URL path; empty when it was not built. */
  files: Map<string, ConsoleFile>;
  /** Sign-in attempts count against the caller's address in the API's rate limiter. */
  rateLimiter?: RateLimiter;
}

const SIGN_IN_BODY_LIMIT = 16 * 1024;
const OCID = /^ocid1\.[a-z0-9]+\.[a-z0-9-]*\.[a-z0-9-]*\.[A-Za-z0-9._-]{1,200}$/;
const FINGERPRINT = /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/;

/**
 * The console's own endpoints (everything else it does goes through the API routes under its session):
 *   POST   /_caisson/console/challenge  a challenge to sign with an API key (unauthenticated, rate-limited);
 *   POST   /_caisson/console/session    sign in: { tenancyId, userId, fingerprint, challenge, signature } or
 *                                       { signInLink } → the session cookie and the session;
 *   GET    /_caisson/console/session    the session (with its CSRF token), or 401;
 *   DELETE /_caisson/console/session    sign out;
 *   GET    /console/…                   the built files.
 */
export function registerConsoleRoutes(app: FastifyInstance, deps: ConsoleRouteDeps): void {
  const { sessions } = deps;
  const throttle = (request: FastifyRequest) => deps.rateLimiter?.take(`console-sign-in ${request.ip}`);

  app.post("/_caisson/console/challenge", { config: { operation: "ConsoleChallenge" } }, async (request, reply) => {
    assertSameOrigin(request.headers);
    throttle(request);
    return json(reply, 200, await sessions.newChallenge());
  });

  app.post(
    "/_caisson/console/session",
    { config: { operation: "ConsoleSignIn" }, bodyLimit: SIGN_IN_BODY_LIMIT },
    async (request, reply) => {
      assertSameOrigin(request.headers);
      throttle(request);
      const body = signInBody(request.body);
      const token =
        "signInLink" in body
          ? await sessions.signInWithLink(body.signInLink)
          : await sessions.signInWithKey(
              { tenancyId: body.tenancyId, userId: body.userId, fingerprint: body.fingerprint },
              body.challenge,
              body.signature,
            );
      reply.header("set-cookie", cookie(request, token, Math.floor(sessions.sessionTtlMs / 1000)));
      return json(reply, 200, await sessions.view(token));
    },
  );

  app.get("/_caisson/console/session", { config: { operation: "ConsoleSession" } }, async (request, reply) => {
    const view = await sessions.view(sessionCookie(request.headers));
    if (!view) throw new ApiError("NotAuthenticated", "No console session: sign in.");
    return json(reply.header("cache-control", "no-store"), 200, view);
  });

  app.delete("/_caisson/console/session", { config: { operation: "ConsoleSignOut" } }, async (request, reply) => {
    const token = sessionCookie(request.headers);
    assertConsoleOrigin(request.headers, token);
    await sessions.signOut(token);
    return reply
      .header("set-cookie", cookie(request, "", 0))
      .status(204)
      .send();
  });

  const serveFile = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = (request.raw.url ?? "").split("?")[0] ?? "";
    if (path === "/console") return reply.redirect("/console/", 308);
    const file = deps.files.get(path);
    for (const [name, value] of Object.entries(CONSOLE_SECURITY_HEADERS)) reply.header(name, value);
    if (!file) {
      const missing = deps.files.size === 0 ? "The console was not built (npm run build); " : "";
      throw new ApiError("NotFound", `${missing}No console file at ${path.slice(0, 200)}.`);
    }
    reply.header("cache-control", file.immutable ? "public, max-age=31536000, immutable" : "no-cache");
    return reply.type(file.contentType).send(file.body);
  };
  app.get("/console", { config: { operation: "Console" } }, serveFile);
  app.get("/console/*", { config: { operation: "Console" } }, serveFile);
}

type SignInBody =
  | { signInLink: string }
  | { tenancyId: string; userId: string; fingerprint: string; challenge: string; signature: string };

function signInBody(raw: unknown): SignInBody {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.isBuffer(raw) ? raw.toString("utf8") : "");
  } catch {
    throw new ApiError("InvalidParameter", "The sign-in body must be JSON.");
  }
  if (typeof value !== "object" || value === null)
    throw new ApiError("InvalidParameter", "The sign-in body must be an object.");
  const body = value as Record<string, unknown>;
  const text = (name: string, pattern: RegExp, max = 2048): string => {
    const field = body[name];
    if (typeof field !== "string" || field.length > max || !pattern.test(field)) {
      throw invalidParameter(name, "missing or malformed.");
    }
    return field;
  };
  if ("signInLink" in body) return { signInLink: text("signInLink", /^[\w-]+$/, 100) };
  return {
    tenancyId: text("tenancyId", OCID, 255),
    userId: text("userId", OCID, 255),
    fingerprint: text("fingerprint", FINGERPRINT, 64),
    challenge: text("challenge", /^[\w-]+$/, 100),
    signature: text("signature", /^[A-Za-z0-9+/=]+$/, 2048),
  };
}

/** HttpOnly (no script reads it), SameSite=Strict (no other site's request carries it), Secure over HTTPS. */
function cookie(request: FastifyRequest, token: string, maxAgeSeconds: number): string {
  const secure = request.protocol === "https" ? "; Secure" : "";
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

function json(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.status(status).type("application/json").send(JSON.stringify(body));
}
