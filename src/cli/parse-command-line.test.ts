import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { UsageError } from '../errors.js';
import { parseCommandLine } from './parse-command-line.js';

/** A command as main.ts declares one, parsed from `args` the way commander does before calling an action. */
function parsed(args: string[]): Command {
  const command = new Command('try').argument('<suite>').argument('[more...]').option('--max-cost-usd <usd>').option('--no-cache').exitOverride();
  return command.parse(args, { from: 'user' });
}

const schema = z
  .strictObject({ suite: z.string(), more: z.array(z.string()), maxCostUsd: z.coerce.number().positive().optional(), cache: z.boolean() })
  .refine((flags) => flags.cache || flags.maxCostUsd === undefined, { message: '--no-cache and --max-cost-usd cannot go together' })
  .transform(({ suite, maxCostUsd, cache }) => ({ suitePath: suite, budget: maxCostUsd, useCache: cache }));

describe('parseCommandLine', () => {
  it('hands the schema the arguments by name beside the options, and returns what it makes of them', () => {
    expect(parseCommandLine(schema, parsed(['suite.yaml', 'a', 'b', '--max-cost-usd', '2']))).toEqual({ suitePath: 'suite.yaml', budget: 2, useCache: true });
  });

  it('refuses with one line: a bad value names its flag, a rule on the whole command line speaks for itself', () => {
    const refusal = (args: string[]) => {
      try {
        parseCommandLine(schema, parsed(args));
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return error instanceof Error ? error.message : '';
      }
      throw new Error('accepted');
    };
    expect(refusal(['suite.yaml', '--max-cost-usd', '-1'])).toBe('--max-cost-usd: Too small: expected number to be >0');
    expect(refusal(['suite.yaml', '--max-cost-usd', '1', '--no-cache'])).toBe('--no-cache and --max-cost-usd cannot go together');
    expect(refusal(['suite.yaml', '--max-cost-usd', '-1', '--no-cache'])).not.toContain('\n');
  });
});
