import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { describeWithSharedData, gsm8kReplayData } from './__fixtures__/shared-data.js';
import { repositoryRoot, runCli } from './cli/__fixtures__/route-bench-process.js';

/**
 * The report documents of the demo, of a simulated run and of the GSM8K
 * replay, kept as golden copies: moving code about must not move a number.
 * `ROUTE_BENCH_UPDATE_GOLDEN=1` writes them anew (only when a change of
 * numbers is meant, and said in the commit).
 */
const goldenFolder = join(repositoryRoot, 'src/__fixtures__/golden');
const update = process.env.ROUTE_BENCH_UPDATE_GOLDEN === '1';

/**
 * The report without what is measured rather than computed: wall-clock times and latencies; and without
 * the item digest, a line per item for `gate --baseline` (pinned by report/item-digest.test.ts), whose
 * numbers the configurations' totals already hold still.
 */
function computedPart(jsonText: string): string {
  const report = JSON.parse(jsonText) as { run: Record<string, unknown>; configurations: Array<Record<string, unknown>>; items?: unknown };
  delete report.items;
  delete report.run.startedAt;
  delete report.run.finishedAt;
  for (const configuration of report.configurations) {
    delete configuration.latencyP50Ms;
    delete configuration.latencyP95Ms;
  }
  return `${JSON.stringify(report, null, 2)}\n`;
}

function expectGolden(name: string, jsonText: string): void {
  const path = join(goldenFolder, `${name}.json`);
  const actual = computedPart(jsonText);
  if (update || !existsSync(path)) {
    writeFileSync(path, actual);
    return;
  }
  expect(actual, `${name}.json differs from its golden copy`).toBe(readFileSync(path, 'utf8'));
}

async function report(args: string[]): Promise<string> {
  const finished = await runCli([...args, '--format', 'json', '--progress', 'none']);
  expect(finished.code, finished.stderr).toBe(0);
  return finished.stdout;
}

describe('golden report documents', () => {
  it('of the demo and of runs simulated on its answers are unchanged', async () => {
    const database = join(mkdtempSync(join(tmpdir(), 'route-bench-golden-')), 'demo.db');
    expectGolden('demo', await report(['run', 'datasets/contract-review/suite.yaml', '--db', database]));
    const simulate = (router: string, name: string) => runCli(['simulate', '--db', database, '--run', '1', '--router', router, '--name', name, '--format', 'json']);
    for (const [router, name] of [['{ router: random, p: 0.3 }', 'random-30'], ['{ router: threshold, threshold: 0.3 }', 'learned-30'], ['oracle', 'oracle']] as const) {
      const simulated = await simulate(router, name);
      expect(simulated.code, simulated.stderr).toBe(0);
      expectGolden(`simulated-${name}`, simulated.stdout);
    }
  }, 120_000);
});

describeWithSharedData('golden report document of the GSM8K replay', gsm8kReplayData(), () => {
  it('is unchanged', async () => {
    await promisify(execFile)(process.execPath, [join(repositoryRoot, 'bench/gsm8k/import.mjs')], { cwd: repositoryRoot });
    const database = join(mkdtempSync(join(tmpdir(), 'route-bench-golden-gsm8k-')), 'gsm8k.db');
    expectGolden('gsm8k', await report(['run', 'bench/gsm8k/suite.yaml', '--db', database]));
  }, 120_000);
});
