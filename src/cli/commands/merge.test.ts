import { describe, expect, it } from 'vitest';
import { mergeCommandLine } from './merge.js';

describe('merge\'s command line', () => {
  it('reads each shard as a database, with the run after a colon when it is not the latest', () => {
    expect(mergeCommandLine.parse({ shards: ['a.db', 'b.db:3', 'c.db:latest', 'notes:3'], out: 'all.db' })).toEqual({
      sources: [{ path: 'a.db' }, { path: 'b.db', run: '3' }, { path: 'c.db', run: 'latest' }, { path: 'notes:3' }],
      out: 'all.db',
    });
  });
});
