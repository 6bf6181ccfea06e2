import Table from 'cli-table3';

/** The house table: right-aligned numbers, no rule between rows, no colours. */
export function createTable(head: string[], alignments: Array<'left' | 'right'>): Table.Table {
  return new Table({
    head,
    colAligns: alignments,
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
}
