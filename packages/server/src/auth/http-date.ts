/**
 * Strict RFC 1123 date parsing for the signed `date` / `x-date` header. `Date.parse` is deliberately not used:
 * it accepts many shapes (and local time zones) that no OCI signer sends, which would widen what a signature means.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
// e.g. "Fri, 27 Nov 2026 14:12:58 GMT" (Node toUTCString, jsprim.rfc1123, Python formatdate(usegmt=True)).
const RFC_1123 = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;

/** Returns the instant, or undefined when the text is not an RFC 1123 date naming a real calendar time. */
export function parseRfc1123(text: string): Date | undefined {
  const match = RFC_1123.exec(text.trim());
  if (!match) return undefined;
  const [, day, monthName, year, hour, minute, second] = match;
  const month = MONTHS.indexOf(monthName!);
  if (month === -1) return undefined;
  const parts = [Number(year), month, Number(day), Number(hour), Number(minute), Number(second)] as const;
  const date = new Date(Date.UTC(...parts));
  // Date.UTC silently rolls "31 Feb" into March; a round trip catches such impossible dates.
  const roundTrip = [
    date.getUTCFullYear(),
    date.getUTCMonth(),
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  ];
  return roundTrip.every((value, i) => value === parts[i]) ? date : undefined;
}
