import { createRequire } from 'node:module';
import type Table from 'cli-table3';

const require = createRequire(import.meta.url);

/** The house table: right-aligned numbers, no rule between rows, no colours. */
export function createTable(head: string[], alignments: Array<'left' | 'right'>): Table.Table {
  // Required on first use: only commands that print a table load it.
  const TableClass = require('cli-table3') as typeof Table;
  return new TableClass({
    head,
    colAligns: alignments,
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
}
