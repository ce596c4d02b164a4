/** East Asian wide and fullwidth characters (CJK, Hangul, fullwidth forms, most emoji): two terminal cells each. */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

/** Terminal cells `s` takes: wide characters two, combining marks and format characters none. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    if (/[\p{Mn}\p{Me}\p{Cf}]/u.test(ch)) continue;
    const cp = ch.codePointAt(0)!;
    w += WIDE.some(([lo, hi]) => cp >= lo && cp <= hi) ? 2 : 1;
  }
  return w;
}
