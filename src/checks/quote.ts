/** Longest stretch of an output a verdict reason shows. */
export const QUOTED_LENGTH = 80;

/**
 * A text as one short quoted line for a verdict reason: a report row must stay
 * readable even when the model wrote pages.
 */
export function quote(text: string, maxLength = QUOTED_LENGTH): string {
  // Only the head is read: an 8 MB output must not become an array of 8 million code points.
  const scanned = text.length > maxLength * 8;
  const oneLine = (scanned ? text.slice(0, maxLength * 8) : text).replace(/\s+/g, ' ').trim();
  // Cut by code point so a truncated emoji never becomes a lone surrogate.
  const codePoints = Array.from(oneLine);
  const shown = codePoints.length > maxLength || scanned ? `${codePoints.slice(0, maxLength - 1).join('')}…` : oneLine;
  return JSON.stringify(shown);
}
