/** A lifecycle state or status in colour; the word is always there, so colour is never the only signal. */
export function StateBadge({ state }: { state: string | undefined }) {
  const value = state ?? "UNKNOWN";
  return <span class={`badge badge-${value.toLowerCase().replace(/[^a-z_]/g, "")}`}>{value}</span>;
}
