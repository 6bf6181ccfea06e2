import type { ImportFormat } from '../types.js';
import { langfuseFormat } from './langfuse.js';
import { langsmithFormat } from './langsmith.js';
import { openaiChatFormat } from './openai-chat.js';
import { otelFormat } from './otel.js';
import { csvFormat, jsonlFormat } from './tabular.js';

/** Every format `import --from` takes, in the order detection tries them: the most specific shapes first. */
export const importFormats: readonly ImportFormat[] = [otelFormat, langsmithFormat, langfuseFormat, openaiChatFormat, csvFormat, jsonlFormat];

export const importFormatNames = importFormats.map((format) => format.name);

/** The format a file's first bytes look like, or undefined when none does. */
export function detectFormat(head: string, fileName: string): ImportFormat | undefined {
  return importFormats.find((format) => format.detect(head, fileName));
}

export function formatNamed(name: string): ImportFormat | undefined {
  return importFormats.find((format) => format.name === name);
}
