import { existsSync } from 'node:fs';
import { UsageError } from '../../errors.js';
import { mergeShards } from '../../runner/merge-shards.js';
import { exitCodes } from '../exit.js';

export async function mergeCommand(shards: string[], options: { out: string }): Promise<number> {
  if (existsSync(options.out)) throw new UsageError(`--out ${options.out} exists; merge writes a new database (remove it or name another)`);
  const sources = shards.map((shard) => {
    const match = /^(.*\.db):(\d+|latest)$/.exec(shard);
    return match ? { path: match[1]!, run: match[2]! } : { path: shard };
  });
  const merged = await mergeShards(options.out, sources);
  const note = merged.complete ? 'complete' : merged.missingShards.length > 0 ? `incomplete: shards ${merged.missingShards.join(', ')} missing` : 'incomplete: some shard runs did not finish';
  process.stderr.write(`merged ${sources.length} shards into run ${merged.runId} of ${options.out} (${note})\n`);
  return exitCodes.ok;
}
