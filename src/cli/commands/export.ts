import { exportRun, type ExportFormat, type ExportWhat } from '../../export/export-run.js';
import { exitCodes } from '../exit.js';

export interface ExportCommandOptions {
  database: string;
  run?: string;
  what: ExportWhat;
  format: ExportFormat;
  out?: string;
}

export async function exportCommand(options: ExportCommandOptions): Promise<number> {
  const rows = exportRun({ databasePath: options.database, run: options.run, what: options.what, format: options.format, out: options.out });
  if (options.out) process.stderr.write(`${rows} rows written to ${options.out}\n`);
  return exitCodes.ok;
}
