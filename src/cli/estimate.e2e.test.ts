import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './__fixtures__/route-bench-process.js';

/**
 * A cheap model with a generous max_tokens (room for reasoning) and a frontier
 * model with a tight one: priced at max_tokens, the cheap model looks dearer,
 * though both answer in a sentence. An llm-judge grades every answer.
 */
function suiteFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'route-bench-estimate-e2e-'));
  const items = Array.from({ length: 20 }, (_, index) => `  - { id: c${index}, text: "Clause ${index}: the buyer pays within ${index + 10} days.", expected: "The buyer pays within ${index + 10} days." }`);
  writeFileSync(join(folder, 'suite.yaml'), `name: estimate-e2e
prompt: "Summarise the obligation in one sentence: {{text}}"
checks:
  - type: llm-judge
    model: judge
    rubric: The summary names who must pay.
models:
  frontier: { provider: mock, model: claude-opus-4-1, quality: 0.95, max_tokens: 256 }
  cheap: { provider: mock, model: glm-5.1, quality: 0.8, max_tokens: 8192, price: { input_mtok: 1.4, output_mtok: 4.4 } }
  judge: { provider: mock, model: gpt-4o, max_tokens: 200, replies: ['{"verdict": "pass", "score": 1, "reason": "names the payer"}'] }
configurations:
  all-frontier: { model: frontier }
  all-cheap: { model: cheap }
items:
${items.join('\n')}
`);
  return folder;
}

interface EstimateJson {
  outputTokens: Record<string, { tokens: number; source: string }>;
  judgeOutputTokens: Record<string, { tokens: number; source: string }>;
  judgeModels: string[];
  configurations: Array<{ name: string; costUsd: number; grading: { calls: number; costUsd: number } }>;
}

async function estimate(args: string[]): Promise<EstimateJson> {
  const finished = await runCli(['estimate', ...args, '--format', 'json']);
  expect(finished.code, finished.stderr).toBe(0);
  return JSON.parse(finished.stdout) as EstimateJson;
}

const costOf = (json: EstimateJson, name: string) => json.configurations.find((configuration) => configuration.name === name)!;

describe('route-bench estimate', () => {
  it('prices from stored calls once there are some, so a cheap model no longer looks dearer than the frontier one for its max_tokens', async () => {
    const folder = suiteFolder();
    const suite = join(folder, 'suite.yaml');
    const database = join(folder, 'pilot.db');

    const capped = await estimate([suite]);
    // The bias this guards against: at max_tokens, 8192 × $4.4 outweighs 256 × $75 per answer.
    expect(costOf(capped, 'all-cheap').costUsd).toBeGreaterThan(costOf(capped, 'all-frontier').costUsd);
    expect(capped.outputTokens.cheap).toEqual({ tokens: 8192, source: 'max_tokens' });

    const run = await runCli(['run', suite, '--db', database, '--progress', 'none', '--resamples', '200', '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { configurations: Array<{ name: string; costUsd: number; gradingCostUsd: number }> };

    const stored = await estimate([suite, '--db', database]);
    expect(stored.outputTokens.cheap!.source).toBe('stored');
    expect(stored.outputTokens.frontier!.source).toBe('stored');
    expect(stored.judgeOutputTokens.judge!.source).toBe('stored');
    expect(costOf(stored, 'all-cheap').costUsd).toBeLessThan(costOf(stored, 'all-frontier').costUsd);
    // The mock's usage is the tokenizer's count, so the means reproduce what the run paid, answers and judges apart.
    for (const name of ['all-frontier', 'all-cheap']) {
      const paid = report.configurations.find((configuration) => configuration.name === name)!;
      expect(costOf(stored, name).costUsd).toBeCloseTo(paid.costUsd, 5);
      expect(costOf(stored, name).grading.calls).toBe(20);
      expect(costOf(stored, name).grading.costUsd).toBeCloseTo(paid.gradingCostUsd, 4);
    }
    expect(stored.judgeModels).toEqual(['judge']);
  }, 60_000);

  it('says per model which output length it used, and prices the judge apart', async () => {
    const finished = await runCli(['estimate', join(suiteFolder(), 'suite.yaml')]);
    expect(finished.code, finished.stderr).toBe(0);
    const header = finished.stdout.split('\n')[1]!;
    expect(header).toMatch(/configuration .* cost .* grading calls .* grading cost/);
    expect(finished.stdout).toContain('output tokens of cheap: at most 8192 per answer (max_tokens), an upper bound');
    expect(finished.stdout).toContain('output tokens of judge as a judge: at most 200 per judgement (max_tokens), an upper bound');
    // A model used only as a judge answers nothing: no line for its answers.
    expect(finished.stdout).not.toContain('output tokens of judge:');
  });

  it('refuses a --db that does not exist in one line, exit 2', async () => {
    const folder = suiteFolder();
    const finished = await runCli(['estimate', join(folder, 'suite.yaml'), '--db', join(folder, 'missing.db')]);
    expect(finished.code).toBe(2);
    expect(finished.stderr.trim().split('\n')).toHaveLength(1);
    expect(finished.stderr).toContain('no database at');
  });
});
