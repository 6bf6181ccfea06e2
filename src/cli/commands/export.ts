import * as z from 'zod';
import { exportRun, type ExportOptions } from '../../export/export-run.js';
import { exitCodes } from '../exit.js';
import { exportFormats, exportTables } from '../option-values.js';

const exportFlags = z.strictObject({ db: z.string(), run: z.string(), what: z.enum(exportTables), format: z.enum(exportFormats), out: z.string().optional() });

/** The command line of `export`, validated once into `exportRun`'s options. */
export const exportCommandLine = exportFlags.transform(exportOptions);

function exportOptions({ db, ...flags }: z.output<typeof exportFlags>): ExportOptions {
  return { databasePath: db, ...flags };
}

export async function exportCommand(options: ExportOptions): Promise<number> {
  const rows = exportRun(options);
  if (options.out) process.stderr.write(`${rows} rows written to ${options.out}\n`);
  return exitCodes.ok;
}
