// Preloaded into a benchmarked process (node --require): at exit it writes its peak resident memory
// (KB, from getrusage) to the file named by ROUTE_BENCH_PEAK_RSS_FILE.
const { writeFileSync } = require('node:fs');
const file = process.env.ROUTE_BENCH_PEAK_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
