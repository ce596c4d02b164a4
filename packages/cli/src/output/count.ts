/** `1 file`, `2 files`; `count(1, 'alias', 'aliases')`. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
