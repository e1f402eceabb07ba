/** RFC 3339 timestamps as OCI sends them: UTC, millisecond precision, `Z` suffix (`2024-01-02T03:04:05.678Z`). */
export function toRfc3339(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("toRfc3339: invalid date");
  return date.toISOString();
}

// Date-time with a mandatory offset (RFC 3339 section 5.6); fractional seconds of any length.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 date-time; undefined when the text is not one (Date.parse alone accepts far more). */
export function parseRfc3339(text: string): Date | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, year, month, day, hour, minute, second] = m.map(Number) as number[];
  // Date would roll 2024-02-30 over into March; RFC 3339 says the day must exist in that month.
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth || hour! > 23 || minute! > 59 || second! > 60) {
    return undefined;
  }
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function isRfc3339(text: string): boolean {
  return parseRfc3339(text) !== undefined;
}
