import { existsSync } from 'node:fs';
import * as z from 'zod';
import { UsageError } from '../../errors.js';
import { mergeShards } from '../../runner/merge-shards.js';
import type { ShardSource } from '../../store/merge-runs.js';
import { exitCodes } from '../exit.js';

/** The command line of `merge`, validated once: each shard as `file.db`, or `file.db:ID` for a run other than the latest. */
export const mergeCommandLine = z
  .strictObject({ shards: z.array(z.string()), out: z.string() })
  .transform(({ shards, out }) => ({ sources: shards.map(shardSource), out }));

export type MergeCommandOptions = z.output<typeof mergeCommandLine>;

function shardSource(shard: string): ShardSource {
  const match = /^(.*\.db):(\d+|latest)$/.exec(shard);
  return match ? { path: match[1]!, run: match[2]! } : { path: shard };
}

export async function mergeCommand({ sources, out }: MergeCommandOptions): Promise<number> {
  if (existsSync(out)) throw new UsageError(`--out ${out} exists; merge writes a new database (remove it or name another)`);
  const merged = await mergeShards(out, sources);
  const note = merged.complete ? 'complete' : merged.missingShards.length > 0 ? `incomplete: shards ${merged.missingShards.join(', ')} missing` : 'incomplete: some shard runs did not finish';
  process.stderr.write(`merged ${sources.length} shards into run ${merged.runId} of ${out} (${note})\n`);
  return exitCodes.ok;
}
