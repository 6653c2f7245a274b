// How figures are written to CSV and JSON: integers as they are, other numbers rounded to 6
// decimals (so output bytes do not depend on floating-point noise in the last digits), null as
// an empty cell.

export function formatCell(v: number | string | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    if (Number.isInteger(v)) return String(v);
    const r = Math.round(v * 1e6) / 1e6;
    return String(r === 0 ? 0 : r);
  }
  return String(v);
}
