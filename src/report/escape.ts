import { terminalSafe } from '../util/terminal-safe.js';

/**
 * Escaping of text that comes from data: configuration names, tags, warnings
 * and headlines can carry a suite author's or a model's words, and a report is
 * read where Markdown and HTML are live (pull-request comments, CI summaries,
 * a browser). Control characters, escape sequences and bidirectional
 * controls are dropped first, as on a terminal.
 */

const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe as element text and as a quoted attribute value. */
export function escapeHtml(text: string): string {
  return terminalSafe(text).replace(/[&<>"']/g, (character) => htmlEntities[character]!);
}

/**
 * Inline Markdown (GitHub-flavoured) that renders as the literal text, inside
 * a table cell too: one line, every character that can start emphasis, code,
 * a link, raw HTML, an entity, math or a table cell escaped with a backslash,
 * and a block marker at the start (`- `, `+ `, `1. `, `---`) defused. An `@` before a
 * word gets a zero-width space after it, so a model's output cannot mention
 * (and notify) someone from a pull-request comment.
 */
export function escapeMarkdown(text: string): string {
  return terminalSafe(text)
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\\`*_[\]<>|#~!&$]/g, (character) => `\\${character}`)
    .replace(/^(\s*)([-+=])(?=\s|$|[-=])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(?=\s|$)/, '$1\\$2')
    .replace(/@(?=\w)/g, '@\u200b');
}
