import { type DoctorCheck, fail, ok, warn } from "./check.js";

/** How far apart two clocks may be before Caisson (like OCI) rejects a signed request: five minutes. */
export const SIGNATURE_SKEW_MS = 5 * 60 * 1000;

/** The default time reference: the npm registry, which anyone who installed Caisson with npm can reach. */
export const DEFAULT_TIME_URL = "https://registry.npmjs.org/";

/**
 * Compares this machine's clock with the `Date` header of `url`. Signatures carry a date that the server checks
 * against its own clock, so clients on another machine (or in a VM whose clock drifted) fail with 401s that look
 * like key problems. Offline is a warning, never a failure: Caisson itself needs no network.
 */
export async function checkClock(
  url = DEFAULT_TIME_URL,
  now = () => Date.now(),
  timeoutMs = 3000,
): Promise<DoctorCheck> {
  const sent = now();
  let date: string | null;
  try {
    const response = await fetch(url, { method: "HEAD", signal: AbortSignal.timeout(timeoutMs) });
    date = response.headers.get("date");
  } catch (error) {
    return warn(
      "clock",
      `could not compare the clock with ${url}: ${(error as Error).message}`,
      "caisson doctor --time-url http://<a server you trust>/   # or check: timedatectl status",
    );
  }
  const received = now();
  const theirs = date ? Date.parse(date) : Number.NaN;
  if (Number.isNaN(theirs)) {
    return warn("clock", `${url} sent no usable Date header`, "caisson doctor --time-url http://<another server>/");
  }
  // The header has whole seconds; compare with the middle of the round trip.
  const skew = Math.round((sent + received) / 2 - theirs);
  const seconds = Math.round(Math.abs(skew) / 1000);
  const direction = skew > 0 ? "ahead of" : "behind";
  if (Math.abs(skew) > SIGNATURE_SKEW_MS) {
    return fail(
      "clock",
      `this clock is ${seconds} s ${direction} ${url}: signed requests from other machines will be rejected (limit ${SIGNATURE_SKEW_MS / 1000} s)`,
      "sudo timedatectl set-ntp true   # or: sudo chronyc makestep",
    );
  }
  if (Math.abs(skew) > 60_000) {
    return warn(
      "clock",
      `this clock is ${seconds} s ${direction} ${url} (signatures allow ${SIGNATURE_SKEW_MS / 1000} s)`,
      "sudo timedatectl set-ntp true",
    );
  }
  return ok("clock", `within ${Math.max(seconds, 1)} s of ${url} (signatures allow ${SIGNATURE_SKEW_MS / 1000} s)`);
}
