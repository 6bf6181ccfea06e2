// An external router for the tests: reads one JSON question per line on stdin, answers one line each.
// Usage: node line-router.mjs <mode> [log-file] [extra arguments, logged as they arrived]
//   tags         frontier for items tagged hard, else cheap
//   ghost        names a model that is not offered
//   garbage      answers something that is not JSON
//   exit-after-N answers N questions, then exits with code 3
//   silent       reads, never answers
//   stderr-flood writes 1 MB to stderr before each answer
// With a log file, every question is appended to it as it came.
import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [mode = 'tags', logFile, ...extra] = process.argv.slice(2);
if (logFile && extra.length > 0) appendFileSync(logFile, `${JSON.stringify({ extra })}\n`);
const exitAfter = /^exit-after-(\d+)$/.exec(mode);
let answered = 0;
if (exitAfter && Number(exitAfter[1]) === 0) process.exit(3);

createInterface({ input: process.stdin }).on('line', (line) => {
  if (logFile) appendFileSync(logFile, `${line}\n`);
  if (mode === 'silent') return;
  const question = JSON.parse(line);
  if (mode === 'garbage') return void process.stdout.write('model: cheap\n');
  if (mode === 'ghost') return void process.stdout.write(`${JSON.stringify({ model: 'ghost' })}\n`);
  if (mode === 'stderr-flood') process.stderr.write('x'.repeat(1 << 20));
  const model = question.tags.includes('hard') ? 'frontier' : 'cheap';
  process.stdout.write(`${JSON.stringify({ model })}\n`);
  if (exitAfter && ++answered >= Number(exitAfter[1])) process.exit(3);
});
