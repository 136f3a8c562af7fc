/** Any character that may take two columns (all are from U+1100 on), or half of a surrogate pair. */
const MAYBE_WIDE = /[\u1100-\uffff]/;

/** Columns a string takes in a terminal: East Asian wide and full-width characters take two. */
export function displayWidth(text: string): number {
  // Most of what a start prints is ASCII: one column a character, without walking it code point by code point.
  if (!MAYBE_WIDE.test(text)) return text.length;
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6);
    width += wide ? 2 : 1;
  }
  return width;
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/** Renders rows as an aligned plain-text table (what `npm start` prints). */
export function formatTable(rows: ReadonlyArray<Record<string, string>>, indent = '  '): string {
  if (rows.length === 0) return `${indent}(none)`;
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => displayWidth(r[c] ?? ''))));
  const line = (cells: string[]) =>
    indent +
    cells
      .map((cell, i) => pad(cell, widths[i] as number))
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((c) => c.toUpperCase())),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(columns.map((c) => r[c] ?? ''))),
  ].join('\n');
}
