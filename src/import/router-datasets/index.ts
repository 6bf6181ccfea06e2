import { UsageError } from '../../errors.js';
import { newTally, type ImportTally } from '../types.js';
import { DatasetBuilder, type RouterDatasetFormat } from './dataset-builder.js';
import { embedllmFormat } from './embedllm.js';
import { llmrouterbenchFormat } from './llmrouterbench.js';
import { routellmFormat } from './routellm.js';
import { routerarenaFormat } from './routerarena.js';
import { routerbenchFormat } from './routerbench.js';
import type { DatasetReadOptions } from './types.js';
import { writeDatasetSuite, type WrittenDataset } from './write-dataset-suite.js';

export { datasetFileNames, type WrittenDataset, type WrittenModel } from './write-dataset-suite.js';

export const routerDatasetFormats: readonly RouterDatasetFormat[] = [routerbenchFormat, routellmFormat, routerarenaFormat, llmrouterbenchFormat, embedllmFormat];

export function routerDatasetFormat(name: string): RouterDatasetFormat | undefined {
  return routerDatasetFormats.find((format) => format.name === name);
}

export interface DatasetImportRequest {
  files: string[];
  format: RouterDatasetFormat;
  out: string;
  name: string;
  marginPp: number;
  force: boolean;
  options: Omit<DatasetReadOptions, 'idPrefix'> & { idPrefix?: string };
}

export interface DatasetImportSummary {
  tally: ImportTally;
  notes: string[];
  written: WrittenDataset;
}

const optionFlags = { gold: '--gold', prompts: '--prompts', idPrefix: '--id-prefix' } as const;

/** Reads a public router dataset in one of its published layouts and writes it as a suite of replayed models. */
export async function importRouterDataset(request: DatasetImportRequest): Promise<DatasetImportSummary> {
  const { format, options } = request;
  for (const [option, flag] of Object.entries(optionFlags) as Array<[keyof typeof optionFlags, string]>) {
    if (options[option] !== undefined && !format.takes.includes(option)) {
      const takers = routerDatasetFormats.filter((each) => each.takes.includes(option)).map((each) => each.name).join(', ');
      throw new UsageError(`${flag} is for --from ${takers}, not ${format.name}`);
    }
  }
  const tally = newTally();
  const builder = new DatasetBuilder(tally, options);
  format.read(request.files, { ...options, idPrefix: options.idPrefix ?? 'row' }, builder);
  if (builder.answers.length === 0) throw new UsageError(`${request.files.join(', ')}: no scored answer to import (${tally.read} records read)`);
  const written = await writeDatasetSuite(builder.items, builder.answers, {
    out: request.out, name: request.name, source: format.name, marginPp: request.marginPp, force: request.force,
  });
  return { tally, notes: builder.notes, written };
}
