import { appendFileSync, writeFileSync } from 'node:fs';
import { UsageError } from '../../errors.js';
import type { GateCriteria } from '../../types/index.js';
import { renderGateLines, renderGateMarkdown, renderJunit } from '../../gate/render-gate.js';
import { runGate } from '../../gate/run-gate.js';
import { exitCodes } from '../exit.js';

export interface GateCommandOptions {
  database: string;
  run?: string;
  configs?: string[];
  maxQualityLossPp?: number;
  minCostReduction?: number;
  requireNonInferior?: boolean;
  baseline?: string;
  maxRegressionPp?: number;
  maxCostIncreasePct?: number;
  maxUnansweredPct?: number;
  allowSuiteChange?: boolean;
  junit?: string;
  resamples?: number;
}

export async function gateCommand(options: GateCommandOptions): Promise<number> {
  const criteria: GateCriteria = {
    configurations: options.configs,
    maxQualityLossPp: options.maxQualityLossPp,
    minCostReduction: options.minCostReduction,
    requireNonInferior: options.requireNonInferior,
    maxRegressionPp: options.maxRegressionPp,
    maxCostIncreasePct: options.maxCostIncreasePct,
    maxUnansweredPct: options.maxUnansweredPct,
  };
  const outcome = await runGate({ databasePath: options.database, run: options.run, criteria, baseline: options.baseline,
    allowSuiteChange: options.allowSuiteChange, resamples: options.resamples });
  process.stdout.write(renderGateLines(outcome.outcomes));
  const title = `route-bench gate · ${outcome.report.run.suite} · run ${outcome.report.run.id}`;
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) writeOrExplain(() => appendFileSync(summaryFile, renderGateMarkdown(outcome.outcomes, title)), '$GITHUB_STEP_SUMMARY', summaryFile);
  if (options.junit) writeOrExplain(() => writeFileSync(options.junit!, renderJunit(outcome.outcomes, outcome.report.run.suite)), '--junit', options.junit);
  return outcome.passed ? exitCodes.ok : exitCodes.gateFailed;
}

function writeOrExplain(write: () => void, what: string, file: string): void {
  try {
    write();
  } catch (error) {
    throw new UsageError(`${what}: cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
