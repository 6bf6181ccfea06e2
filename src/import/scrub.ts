import type { ImportTally } from './types.js';

/**
 * Credentials never come along from a log. Keys whose names say they hold
 * one are dropped wherever they sit in a record (a logged request's headers,
 * an `api_key` field), and strings shaped like a provider's key are replaced
 * in every text that is kept (a user who pasted a key into a prompt). Each
 * is counted, never written.
 */
const credentialKey = /^(?:authorization|proxy-authorization|x-api-key|x-goog-api-key|x-auth-token|api[-_]?key|openai[-_]?api[-_]?key|anthropic[-_]?api[-_]?key|(?:access|refresh|session|auth|id)[-_]?token|(?:client[-_]?)?secret|private[-_]?key|password|cookie|set-cookie|bearer)$/i;

/**
 * Shapes of provider keys: OpenAI (`sk-`, `sk-proj-`), Anthropic
 * (`sk-ant-`), Langfuse (`sk-lf-`, `pk-lf-`), LangSmith (`lsv2_`), Google
 * (`AIza`), GitHub (`ghp_`...), AWS access key ids (`AKIA`), Hugging Face
 * (`hf_`), and `Bearer <token>`. Linear-time patterns: no nested quantifiers.
 * A bearer token must hold a digit, so that prose ("Bearer authentication",
 * "bearer tokens") is not taken for one; a provider key after `Bearer` is
 * caught by its own shape anyway.
 */
const keyShapes = /\b(?:sk-(?:ant-|proj-|lf-)?[A-Za-z0-9_-]{16,}|pk-lf-[A-Za-z0-9_-]{16,}|lsv2_[A-Za-z0-9_]{16,}|AIza[A-Za-z0-9_-]{30,}|gh[pousr]_[A-Za-z0-9]{30,}|AKIA[A-Z0-9]{16}|hf_[A-Za-z0-9]{30,}|xox[abp]-[A-Za-z0-9-]{10,})|\b[Bb]earer\s+(?=[A-Za-z._~+/=-]*[0-9])[A-Za-z0-9._~+/=-]{12,}/g;

export const redactedKey = '[credential removed]';

/** True when a record key names a credential: its value is dropped, whatever it holds. */
export function isCredentialKey(key: string): boolean {
  return credentialKey.test(key);
}

/** The text with every key-shaped string replaced, each counted in the tally. */
export function scrubText(text: string, tally: ImportTally): string {
  if (!mayHoldKey(text)) return text;
  return text.replace(keyShapes, () => {
    tally.credentialsDropped++;
    return redactedKey;
  });
}

/**
 * A copy of a parsed JSON value without credential keys (counted) and with
 * key-shaped strings replaced: for a record before anything of it is read.
 */
export function scrubValue(value: unknown, tally: ImportTally): unknown {
  if (typeof value === 'string') return scrubText(value, tally);
  if (Array.isArray(value)) return value.map((entry) => scrubValue(entry, tally));
  if (value === null || typeof value !== 'object') return value;
  const kept: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    if (isCredentialKey(key)) {
      if (entry !== undefined && entry !== null && entry !== '') tally.credentialsDropped++;
      continue;
    }
    kept[key] = scrubValue(entry, tally);
  }
  return kept;
}

/** A cheap pre-test, so the regex runs only over texts that could hold a key. */
function mayHoldKey(text: string): boolean {
  return /sk-|pk-lf-|lsv2_|AIza|gh[pousr]_|AKIA|hf_|xox|[Bb]earer/.test(text);
}
