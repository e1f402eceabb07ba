/** "3 min", "2 h", "5 d": how long ago `time` was, relative to `now`. */
export function age(time: string | undefined, now = Date.now()): string {
  if (!time) return "";
  const seconds = Math.max(0, Math.round((now - Date.parse(time)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}

export const when = (time: string | undefined): string => (time ? new Date(time).toLocaleString() : "");

export const shortId = (id: string): string => (id.length > 24 ? `…${id.slice(-12)}` : id);
