import { describe, expect, it } from 'vitest';
import { runCli } from './__fixtures__/route-bench-process.js';

describe('--help', () => {
  it('of run and gate ends with examples that are real command lines', async () => {
    for (const command of ['run', 'gate']) {
      const help = await runCli([command, '--help']);
      expect(help.code).toBe(0);
      const examples = help.stdout.slice(help.stdout.indexOf('\nExamples:\n'));
      const lines = examples.trim().split('\n').slice(1);
      expect(lines.length, command).toBeGreaterThanOrEqual(2);
      for (const line of lines) expect(line).toMatch(new RegExp(`^ {2}route-bench ${command} `));
    }
  });
});
