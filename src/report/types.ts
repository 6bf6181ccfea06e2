import type { ConfigurationSummary } from '../metrics/summarize.js';

/**
 * The report document: `route-bench report --format json` prints it. Stable:
 * fields are added, never renamed or removed, and `schemaVersion` says which
 * shape a reader holds.
 */
export interface Report {
  schemaVersion: 1;
  run: {
    id: number;
    suite: string;
    suiteVersion: number;
    suiteHash: string;
    status: string;
    kind: string;
    items: number;
    repeat: number;
    seed: number;
    toolVersion: string;
    startedAt: string;
    finishedAt: string | null;
    /** What the run paid providers, every attempt included; cached answers cost nothing here. */
    spentUsd: number;
    calls: number;
    failedCalls: number;
  };
  baseline: string;
  frontier: string;
  marginPp: number;
  configurations: ConfigurationSummary[];
  headlines: Headline[];
  warnings: string[];
}

export interface Headline {
  configuration: string;
  text: string;
}
