// Loaded with `node --import` into a benchmarked process: on exit, writes its peak
// resident set size (KiB) to $ARCA_BENCH_RSS_OUT.
import { writeFileSync } from 'node:fs';

const out = process.env.ARCA_BENCH_RSS_OUT;
if (out) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
