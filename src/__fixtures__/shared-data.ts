import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * CI has the shared data: there a missing folder is a broken setup, and a
 * skip would hide that the tests that need it never ran.
 */
export const requireSharedDataVariable = 'ROUTE_BENCH_REQUIRE_SHARED_DATA';

export interface SharedData {
  folder: string;
  /** The files the tests read that the folder lacks; empty when the data is there. */
  missingFiles: string[];
  /** How a user provides the data, for the skip's message. */
  howToProvide: string;
}

/**
 * The GSM8K replay data (RouteLLM's recorded answers of two models), kept
 * beside the repository and never copied into it; `ROUTE_BENCH_GSM8K_DIR`
 * points elsewhere, as it does for `npm run gsm8k`.
 */
export function gsm8kReplayData(): SharedData {
  const folder = process.env.ROUTE_BENCH_GSM8K_DIR || join(repositoryRoot, '../shared/data/gsm8k-replay');
  const files = ['gsm8k_test.jsonl', 'routellm_gsm8k_responses.csv'];
  return {
    folder,
    missingFiles: files.filter((file) => !existsSync(join(folder, file))),
    howToProvide: 'put the GSM8K replay data there, or set ROUTE_BENCH_GSM8K_DIR to its folder',
  };
}

/**
 * `describe` when the data is there. Otherwise the tests are skipped with a
 * warning that names the folder, or, under ROUTE_BENCH_REQUIRE_SHARED_DATA=1,
 * replaced by one failing test that says the same.
 */
export function describeWithSharedData(title: string, data: SharedData, body: () => void): void {
  if (data.missingFiles.length === 0) {
    describe(title, body);
    return;
  }
  const reason = `${data.folder} is missing (${data.missingFiles.join(', ')}); ${data.howToProvide}`;
  if (process.env[requireSharedDataVariable] === '1') {
    describe(title, () => {
      it('has its shared data', () => {
        throw new Error(`${requireSharedDataVariable}=1, but ${reason}`);
      });
    });
    return;
  }
  console.warn(`${title}: skipped: ${reason}`);
  describe.skip(`${title} (skipped: the shared data is missing)`, body);
}
