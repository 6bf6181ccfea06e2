import type { RunData } from '../types/index.js';
import { itemMeans } from './item-quality.js';

export interface TagRow {
  tag: string;
  items: number;
  configurations: Array<{ name: string; passRate: number | null; qualityDeltaPp: number | null; costUsd: number }>;
}

/** Beyond this many distinct tags, the breakdown keeps the most common. */
const maxTags = 40;

/** Per tag: pass rate, quality change against the baseline (paired, in points) and cost, per configuration. */
export function tagBreakdown(data: RunData): TagRow[] {
  const counts = new Map<string, number>();
  for (const tags of data.itemTags) for (const tag of new Set(tags)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  const tags = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, maxTags);
  const itemCount = data.itemIds.length;
  const repeat = data.run.repeat;
  const baseline = data.configurations.find((configuration) => configuration.name === data.run.baseline);
  const baselineQuality = baseline ? itemMeans(baseline.pass, itemCount, repeat) : undefined;
  const qualities = data.configurations.map((configuration) => itemMeans(configuration.pass, itemCount, repeat));
  return tags.map(([tag, items]) => ({
    tag,
    items,
    configurations: data.configurations.map((configuration, position) => {
      const quality = qualities[position]!;
      let passSum = 0;
      let graded = 0;
      let deltaSum = 0;
      let paired = 0;
      let costUsd = 0;
      for (let item = 0; item < itemCount; item++) {
        if (!data.itemTags[item]!.includes(tag)) continue;
        for (let sample = 0; sample < repeat; sample++) costUsd += configuration.costUsd[item * repeat + sample]!;
        const value = quality[item]!;
        if (Number.isNaN(value)) continue;
        passSum += value;
        graded++;
        const reference = baselineQuality?.[item];
        if (reference !== undefined && !Number.isNaN(reference)) {
          deltaSum += value - reference;
          paired++;
        }
      }
      return {
        name: configuration.name,
        passRate: graded === 0 ? null : passSum / graded,
        qualityDeltaPp: paired === 0 ? null : (100 * deltaSum) / paired,
        costUsd,
      };
    }),
  }));
}
