// Human durations for status lines: "14m 0s", "1h 5m", "3d 2h". Pure.

/** Formats a non-negative number of seconds with its two largest units. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(Math.abs(totalSeconds)));
  const units: Array<[string, number]> = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ];
  const first = units.findIndex(([, size]) => s >= size);
  if (first < 0) return '0s';
  const [u1, n1] = units[first]!;
  const head = `${Math.floor(s / n1)}${u1}`;
  const next = units[first + 1];
  if (!next) return head;
  return `${head} ${Math.floor((s % n1) / next[1])}${next[0]}`;
}
