import { badBatchInput } from './batch-http.js';
import type { BatchLine } from './types.js';

/** Anthropic's rule for `custom_id`, the stricter of the two providers'. */
const customIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Rejects, before anything is uploaded, what the provider would reject after:
 * an empty batch, too many lines, a custom id that breaks the rule or appears
 * twice (results are matched by it, so a duplicate would lose an answer).
 */
export function checkBatchLines(provider: string, lines: readonly BatchLine[], maxRequests: number): void {
  if (lines.length === 0) throw badBatchInput(provider, 'a batch needs at least one request');
  if (lines.length > maxRequests) throw badBatchInput(provider, `a batch takes at most ${maxRequests} requests, not ${lines.length}; split it`);
  const seen = new Set<string>();
  for (const [index, line] of lines.entries()) {
    if (!customIdPattern.test(line.customId)) {
      throw badBatchInput(provider, `request ${index + 1}: custom id ${JSON.stringify(line.customId.slice(0, 80))} must be 1 to 64 of A-Z, a-z, 0-9, _ and -`);
    }
    if (seen.has(line.customId)) throw badBatchInput(provider, `request ${index + 1}: custom id "${line.customId}" appears twice in one batch`);
    seen.add(line.customId);
  }
}

/** The byte limit, checked on what is actually sent. */
export function checkBatchBytes(provider: string, bytes: number, maxBytes: number): void {
  if (bytes > maxBytes) {
    throw badBatchInput(provider, `the batch is ${bytes} bytes, over the provider's ${maxBytes}; split it into smaller batches`);
  }
}
