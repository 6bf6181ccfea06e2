import { loadSuite } from '../../suite/load-suite.js';
import { suiteReaders } from '../suite-readers.js';
import { exitCodes } from '../exit.js';
import * as z from 'zod';

/** The command line of `validate`: the suite file alone, which is what the command takes. */
export const validateCommandLine = z.strictObject({ suite: z.string() }).transform(({ suite }) => suite);

export async function validateCommand(suitePath: string): Promise<number> {
  const suite = await loadSuite(suitePath, { readers: suiteReaders });
  const models = Object.values(suite.models)
    .map((model) => `${model.name} (${model.provider}:${model.model}, price from ${model.price.source})`)
    .join(', ');
  process.stdout.write(
    `${suitePath}: valid — ${suite.itemCount} items, ${suite.configurations.length} configurations, models: ${models}\n`,
  );
  return exitCodes.ok;
}
