export function Progress({ percent, label }: { percent: number; label: string }) {
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <progress class="progress" max={100} value={value} aria-label={label} title={`${value}%`}>
      {value}%
    </progress>
  );
}
