import type { ItemDigest, ItemDigestRow, ItemResultCounts, Report, RunData } from '../types/index.js';
import type { SqliteDatabase } from '../store/open-database.js';
import { iterateItemContents, type StoredItemContent } from '../store/read-item-contents.js';
import { contentHash, contentHashScheme } from '../util/content-hash.js';

/** The item digest of a stored run whose data is read already. */
export function itemDigestOfStoredRun(database: SqliteDatabase, data: RunData): ItemDigest {
  return buildItemDigest(data, iterateItemContents(database, data.run.id));
}

/**
 * Per item: a hash of its content, one of the checks that graded it, and
 * each configuration's counts. The content leaves the item's own `checks`
 * out, so an item whose checks were edited is the same item graded by other
 * checks (which a gate refuses to compare), not a new item it would skip.
 */
export function buildItemDigest(data: RunData, contents: Iterable<StoredItemContent>): ItemDigest {
  const suiteChecks = data.run.options.checks ?? null;
  const suiteChecksHash = suiteChecks === null ? null : contentHash(suiteChecks);
  const indexOf = new Map(data.itemIds.map((itemId, index) => [itemId, index]));
  const repeat = data.run.repeat;
  const rows: ItemDigestRow[] = [];
  for (const item of contents) {
    const itemIndex = indexOf.get(item.itemId);
    if (itemIndex === undefined) continue;
    const { checks: ownChecks, ...fields } = JSON.parse(item.fieldsJson) as Record<string, unknown>;
    const content = contentHash({
      fields,
      expected: item.expectedJson === null ? null : (JSON.parse(item.expectedJson) as unknown),
      tags: JSON.parse(item.tagsJson) as unknown,
    });
    const results: Record<string, ItemResultCounts> = {};
    for (const configuration of data.configurations) {
      let graded = 0;
      let passes = 0;
      let answered = 0;
      let answeredCostUsd = 0;
      for (let index = itemIndex * repeat; index < (itemIndex + 1) * repeat; index++) {
        if (!configuration.present[index]) continue;
        const pass = configuration.pass[index]!;
        if (!Number.isNaN(pass)) {
          graded++;
          passes += pass;
        }
        if (configuration.answered[index]) {
          answered++;
          answeredCostUsd += configuration.costUsd[index]!;
        }
      }
      results[configuration.name] = [graded, passes, answered, answeredCostUsd];
    }
    rows.push({ id: item.itemId, content, checks: ownChecks !== undefined ? contentHash(ownChecks) : suiteChecksHash, results });
  }
  return { hashing: contentHashScheme, resultColumns: ['graded', 'passes', 'answered', 'answeredCostUsd'], rows };
}

/**
 * The report as JSON, two-space indented, with the item digest one line per
 * item: a thousand items stay a thousand lines, and the diff of a committed
 * baseline shows which items changed.
 */
export function reportJson(report: Report): string {
  const { items, ...rest } = report;
  const text = JSON.stringify(rest, null, 2);
  if (!items) return `${text}\n`;
  const rows = items.rows.map((row) => `      ${JSON.stringify(row)}`).join(',\n');
  const digest = [
    '  "items": {',
    `    "hashing": ${JSON.stringify(items.hashing)},`,
    `    "resultColumns": ${JSON.stringify(items.resultColumns)},`,
    items.rows.length === 0 ? '    "rows": []' : `    "rows": [\n${rows}\n    ]`,
    '  }',
  ].join('\n');
  return `${text.slice(0, -2)},\n${digest}\n}\n`;
}
