import { replayUntilSettled, type SettleReplay } from '../../offline/settle.js';
import { openDatabase } from '../../store/open-database.js';
import { readRunData, refuseSweepRun, resolveRunId } from '../../store/read-run.js';
import { usd } from '../../report/render-table.js';
import { createTable } from '../../report/table.js';

export interface SettleCommand {
  databasePath: string;
  run: string;
  waveSize: number;
  marginPp: number | undefined;
  format: string;
}

/** `simulate --until-settled`: a stored run replayed in seeded waves, read only. */
export function replayStoredRun(command: SettleCommand): SettleReplay {
  const database = openDatabase(command.databasePath, { readonly: true });
  try {
    const runId = resolveRunId(database, command.run);
    refuseSweepRun(database, runId, command.databasePath);
    const data = readRunData(database, runId);
    return replayUntilSettled(data, { waveSize: command.waveSize, marginPp: command.marginPp ?? data.run.marginPp, seed: data.run.seed });
  } finally {
    database.close();
  }
}

export function renderSettle(replay: SettleReplay, format: string): string {
  if (format === 'json') return `${JSON.stringify(replay, null, 2)}\n`;
  const table = createTable(['configuration', 'stopped after', 'verdict', 'interval (anytime-valid)', 'cost taken', 'cost of all', 'saved'],
    ['left', 'right', 'left', 'right', 'right', 'right', 'right']);
  for (const configuration of replay.configurations) {
    const { lower, upper } = configuration.intervalPp;
    const saved = configuration.costUsd.all > 0 ? 1 - configuration.costUsd.taken / configuration.costUsd.all : 0;
    table.push([configuration.configuration, `${configuration.stoppedAfter} of ${replay.items}`, configuration.settled ? `settled ${configuration.verdict}` : 'not settled',
      `[${lower.toFixed(1)}, ${upper.toFixed(1)}] pp`, usd(configuration.costUsd.taken), usd(configuration.costUsd.all), `${(saved * 100).toFixed(0)}%`]);
  }
  return [
    `run ${replay.runId} replayed in a seeded order, a look every ${replay.waveSize} items: when each configuration's verdict against ${replay.baseline} at ${replay.marginPp} pp could no longer change`,
    table.toString(),
    'cost: the configuration and the baseline on the items taken; the interval is the confidence sequence (Waudby-Smith & Ramdas 2023), valid at every look',
    '',
  ].join('\n');
}
