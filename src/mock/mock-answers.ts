import { expectedText } from '../checks/reference.js';
import type { Check, Item, MockSettings } from '../types/index.js';
import { hash32, uniform } from '../util/hash.js';

/**
 * What a mock model says: the reference, in a sentence where every check
 * allows prose, or a plausible wrong answer that the item's checks fail. A
 * mock plays a model that knows the answers and misses some on purpose, so
 * it must see the reference and the checks; real providers never do.
 */

const proseTemplates = [
  (answer: string) => `The answer is ${answer}.`,
  (answer: string) => `Based on the clause, the answer is ${answer}.`,
  (answer: string) => `${answer}`,
  (answer: string) => `After reviewing the provision: ${answer}.`,
];

export function qualityFor(settings: MockSettings, tags: string[]): number {
  let quality: number | undefined;
  // The hardest tag decides: an item tagged both `easy` and `hard` is hard.
  for (const tag of tags) {
    const value = settings.quality.byTag[tag];
    if (value !== undefined) quality = quality === undefined ? value : Math.min(quality, value);
  }
  return quality ?? settings.quality.default;
}

export function drawCorrect(settings: MockSettings, options: { seed: number; correlation: number }, modelName: string, item: Item, sample: number): boolean {
  const quality = qualityFor(settings, item.tags);
  const shared = uniform(options.seed, 'difficulty', item.id, sample);
  const own = uniform(options.seed, 'luck', modelName, item.id, sample);
  const useShared = uniform(options.seed, 'mix', modelName, item.id, sample) < options.correlation;
  return (useShared ? shared : own) < quality;
}




function wrap(answer: string, checks: Check[], seed: number, modelName: string, itemId: string, sample: number): string {
  if (!checks.every((check) => check.acceptsProse)) return answer;
  const template = proseTemplates[hash32(seed, 'prose', modelName, itemId, sample) % proseTemplates.length]!;
  return template(answer);
}

export function rightAnswer(item: Item, checks: Check[], seed: number, modelName: string, sample: number): string {
  return wrap(expectedText(item.expected), checks, seed, modelName, item.id, sample);
}

export function wrongAnswer(item: Item, checks: Check[], seed: number, modelName: string, sample: number): string {
  const candidates = wrongCandidates(item, hash32(seed, 'wrong', modelName, item.id, sample));
  for (const candidate of candidates) {
    const output = wrap(candidate, checks, seed, modelName, item.id, sample);
    if (checks.some((check) => check.grade(output, item).status === 'fail')) return output;
  }
  return 'I am unable to answer.';
}

/** Plausible wrong answers, most plausible first, in an order that varies by item. */
function wrongCandidates(item: Item, draw: number): string[] {
  const reference = expectedText(item.expected);
  const candidates: string[] = [];
  const choices = item.fields.choices ?? item.fields.options;
  if (Array.isArray(choices)) {
    const others = choices.map(String).filter((choice) => choice.toLowerCase() !== reference.toLowerCase());
    candidates.push(...rotate(others, draw));
  }
  const yesNo: Record<string, string> = { yes: 'no', no: 'yes', true: 'false', false: 'true' };
  const flipped = yesNo[reference.trim().toLowerCase()];
  if (flipped) candidates.push(flipped);
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(reference.trim());
  if (date) {
    const [, year, month, day] = date;
    const shifted = [`${Number(year) + 1}-${month}-${day}`, `${year}-${day}-${month}`, `${year}-${month}-${pad(((Number(day) + 13) % 28) + 1)}`];
    candidates.push(...rotate(shifted, draw).filter((text) => text !== reference));
  }
  const number = Number(reference.replace(/[$,\s]/g, ''));
  if (reference.trim() !== '' && Number.isFinite(number)) {
    const variants = [number * 10, number / 10, number + 1, Math.round(number * 1.5), number - 1];
    candidates.push(...rotate(variants.map((value) => String(Number(value.toPrecision(12)))), draw));
  }
  if (/^[A-Ha-h]$/.test(reference.trim())) {
    const letters = ['A', 'B', 'C', 'D'].filter((letter) => letter !== reference.trim().toUpperCase());
    candidates.push(...rotate(letters, draw));
  }
  candidates.push('The clause does not say.', 'not stated');
  return candidates;
}

function rotate<T>(list: T[], draw: number): T[] {
  if (list.length === 0) return list;
  const start = draw % list.length;
  return [...list.slice(start), ...list.slice(0, start)];
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
