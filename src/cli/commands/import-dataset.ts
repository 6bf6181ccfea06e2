import { UsageError } from '../../errors.js';
import { suiteName } from '../../import/run-import.js';
import type { DatasetImportSummary } from '../../import/router-datasets/index.js';
import type { RouterDatasetFormat } from '../../import/router-datasets/dataset-builder.js';
import { exitCodes } from '../exit.js';

/** What `import` passes on for a router dataset: its files, the flags every import takes and the dataset's own. */
export interface DatasetCommandRequest {
  files: string[];
  out: string;
  marginPp: number;
  force: boolean;
  options: { skipBad: boolean };
  dataset: { gold?: string; prompts?: string; idPrefix?: string };
  /** Flags given that only a production log takes. */
  logOnly: string[];
}

/** `import --from routerbench|routellm|...`: the dataset as replayed models, then what was read, left out and written. */
export async function importDatasetCommand(request: DatasetCommandRequest, format: RouterDatasetFormat): Promise<number> {
  if (request.logOnly.length > 0) throw new UsageError(`${request.logOnly.join(', ')}: for a production log, not --from ${format.name}`);
  const { importRouterDataset } = await import('../../import/router-datasets/index.js');
  const summary = await importRouterDataset({
    files: request.files, format, out: request.out, name: suiteName(request.out), marginPp: request.marginPp, force: request.force,
    options: { skipBad: request.options.skipBad, ...request.dataset },
  });
  process.stdout.write(`${datasetSummaryLines(request.files, format, summary).join('\n')}\n`);
  return exitCodes.ok;
}

function datasetSummaryLines(files: readonly string[], format: RouterDatasetFormat, summary: DatasetImportSummary): string[] {
  const { tally, written } = summary;
  const shown = files.length === 1 ? files[0]! : `${files.length} files`;
  const skipped = [...tally.skipped].map(([reason, count]) => `, ${count} skipped (${reason})`).join('');
  const bad = tally.bad.length > 0 ? `, ${tally.bad.length} malformed, left out (first at line ${tally.bad[0]!.line}: ${tally.bad[0]!.message})` : '';
  const lines = [`read ${shown} as ${format.name}`, `  ${tally.read} records read${skipped}${bad}`];
  for (const note of summary.notes) lines.push(`  ${note}`);
  const unanswered = written.unanswered > 0 ? ` (${written.unanswered} with no scored answer left out)` : '';
  lines.push(`  ${written.items} items${unanswered}, ${written.models.length} models:`);
  const prices = { recorded: 'costs recorded', bundled: 'bundled price', 'to set': 'no cost or price: set its price in suite.yaml (TODO)' };
  for (const model of written.models) {
    const best = model === written.best ? ', the baseline (highest mean score)' : '';
    const partial = model.uncosted > 0 ? `${model.answers - model.uncosted} costs recorded, ${model.uncosted} answers without a cost: ${model.price === 'bundled' ? 'those at the bundled price' : 'set a price for those in suite.yaml (TODO)'}` : prices[model.price];
    lines.push(`    ${model.key} (${model.name}): ${model.answers} answers, mean score ${model.meanScore.toFixed(3)}, ${partial}${best}`);
  }
  lines.push(`wrote ${written.files.join(', ')}`);
  const suite = written.files[written.files.length - 1]!;
  lines.push(`next: route-bench run ${suite}   (add routers under configurations: to compare them with the oracle)`);
  return lines;
}
