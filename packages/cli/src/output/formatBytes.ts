const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** The digits shown for `v` of unit `u`: whole bytes, one decimal below 10 of a larger unit, else whole. */
function shown(v: number, u: number): string {
  if (u === 0) return String(Math.round(v));
  const tenths = Math.round(v * 10) / 10;
  return tenths < 10 ? tenths.toFixed(1) : String(Math.round(v));
}

/** 1536 → "1.5 KiB". Rounding never shows 1024 of a unit: 1048575 → "1.0 MiB". */
export function formatBytes(n: number): string {
  let v = n;
  let u = 0;
  while (Number(shown(v, u)) >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${shown(v, u)} ${UNITS[u]}`;
}
