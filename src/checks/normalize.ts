import { didYouMean } from '../util/did-you-mean.js';
import { CheckSpecError } from '../errors.js';

export type Normalizer = (text: string) => string;

const normalizationsByName = {
  /** NFKC: full-width letters, ligatures and compatibility forms become their plain forms. */
  unicode: (text: string) => text.normalize('NFKC'),
  case: (text: string) => text.toLowerCase(),
  /** Every Unicode punctuation mark (\p{P}): curly quotes, dashes, 。 and ¿ too, but not symbols like $. */
  punctuation: (text: string) => text.replace(/\p{P}/gu, ''),
  // Letters and digits around the article, not \b, which only knows ASCII.
  articles: (text: string) => text.replace(/(?<![\p{L}\p{N}])(?:a|an|the)(?![\p{L}\p{N}])\s*/giu, ''),
  whitespace: (text: string) => text.replace(/\s+/g, ' ').trim(),
} satisfies Record<string, Normalizer>;

export type NormalizationName = keyof typeof normalizationsByName;

/**
 * The names a suite may list under `normalize`, in the order they are applied
 * whatever order the suite lists them in: `unicode` first so later steps see
 * plain characters, `whitespace` last to close the gaps the others leave.
 */
export const normalizationNames: readonly NormalizationName[] = [
  'unicode',
  'case',
  'punctuation',
  'articles',
  'whitespace',
];

/**
 * A normaliser applying the named normalisations. Accepts a list of names or
 * one name; throws CheckSpecError on the `normalize` key for anything else.
 */
export function buildNormalizer(names: unknown): Normalizer {
  if (typeof names !== 'string' && !Array.isArray(names)) {
    throw new CheckSpecError(
      `\`normalize\` must be a list of names; known: ${normalizationNames.join(', ')}`,
      'normalize',
    );
  }
  const list: unknown[] = typeof names === 'string' ? [names] : names;
  const chosen = new Set<NormalizationName>();
  for (const name of list) {
    if (typeof name !== 'string' || !(normalizationNames as readonly string[]).includes(name)) {
      const shown = typeof name === 'string' ? name : JSON.stringify(name);
      const hint = typeof name === 'string' ? didYouMean(name, normalizationNames) : '';
      throw new CheckSpecError(
        `unknown normalization "${shown}"${hint}; known: ${normalizationNames.join(', ')}`,
        'normalize',
      );
    }
    chosen.add(name as NormalizationName);
  }
  const steps = normalizationNames.filter((name) => chosen.has(name)).map((name) => normalizationsByName[name]);
  return (text) => steps.reduce((current, step) => step(current), text);
}
