// Plain-text alignment for short reports: label/value lists and column tables. Pure.

/** Aligns `label  value` pairs with two spaces after the widest label, one pair per line. */
export function formatPairs(pairs: ReadonlyArray<readonly [string, string]>, indent = '  '): string {
  const width = Math.max(0, ...pairs.map(([label]) => label.length));
  return pairs.map(([label, value]) => `${indent}${label.padEnd(width)}  ${value}`.trimEnd()).join('\n');
}

/** Aligns rows into columns (the first row is usually the header). */
export function formatColumns(rows: ReadonlyArray<readonly string[]>, indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      `${indent}${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd(),
    )
    .join('\n');
}
