import { UsageError } from '../errors.js';
import { configurationModels } from '../metrics/configuration-models.js';
import type { ConfigurationSpec, ModelSpec } from '../types/index.js';

/**
 * A recording holds one answer per item. With --repeat k a replayed model
 * would give that answer k times: samples that always agree, which would
 * understate self-disagreement and narrow the intervals on copies of one
 * observation. Refused before anything is stored.
 */
export function refuseRepeatedReplays(models: Record<string, ModelSpec>, configurations: ConfigurationSpec[], repeat: number): void {
  if (repeat <= 1) return;
  for (const configuration of configurations) {
    for (const name of configurationModels(configuration.kind, configuration as unknown as Record<string, unknown>)) {
      if (models[name]?.provider === 'replay') {
        throw new UsageError(`--repeat ${repeat}: model "${name}" is replayed, and a recording holds one answer per item; run it with --repeat 1 (copies of one answer are not samples)`);
      }
    }
  }
}
