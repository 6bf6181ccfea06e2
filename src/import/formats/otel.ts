import { scrubValue } from '../scrub.js';
import { skip, type ImportedExchange, type ImportFormat, type ImportOptions, type ImportTally } from '../types.js';
import { ContentError, spanContent } from './otel-content.js';
import { attributeMap, plainSpan, spanMillis, type PlainSpan } from './otel-spans.js';
import { toExchange } from './trace-exchange.js';
import { flatScalars, isRecord, malformed, readJsonRecords, tokenCount, type RawRecord } from './trace-records.js';

/**
 * OpenTelemetry traces in OTLP JSON: one export request
 * (`{resourceSpans: [...]}`, as a collector's file exporter or a backend's
 * download writes it) or JSONL of them, one per line. Each GenAI client span
 * is a model call; every other span (HTTP, database, the application's own)
 * is not a record of this log and is not counted.
 */

/** The operations that are one model answering a conversation; agents, tools and embeddings are other things. */
const generations = new Set(['chat', 'text_completion', 'generate_content']);

const noContent = 'no captured content (enable content capture in the instrumentation)';

export const otelFormat: ImportFormat = {
  name: 'otel',
  summary: 'OpenTelemetry GenAI spans in OTLP JSON (a collector file export, or JSONL of export requests)',
  detect(head) {
    return head.includes('"resourceSpans"');
  },
  read(text, options, tally) {
    const exchanges: ImportedExchange[] = [];
    let spanNumber = 0;
    for (const document of readJsonRecords(text, options, tally)) {
      for (const { raw, service } of spansOf(document, options, tally)) {
        spanNumber++;
        // In a file that is one export request a span's place is its number; in JSONL, its request's line.
        const line = document.kind === 'document' ? spanNumber : document.line;
        const exchange = spanExchange(raw, service, line, options, tally);
        if (exchange !== undefined) exchanges.push(exchange);
      }
    }
    return exchanges;
  },
};

interface RawSpan {
  raw: Record<string, unknown>;
  service?: string;
}

/** The spans of one export request, with their resource's `service.name`; a document that is not one is malformed. */
function spansOf(document: RawRecord, options: ImportOptions, tally: ImportTally): RawSpan[] {
  const request = document.value;
  // Tempo and older collectors call the list `batches`, and a scope's spans `instrumentationLibrarySpans`.
  const resourceSpans = isRecord(request) ? request.resourceSpans ?? request.batches : undefined;
  if (!Array.isArray(resourceSpans)) {
    malformed('not an OTLP trace export (no resourceSpans list)', document.line, options, tally);
    return [];
  }
  const spans: RawSpan[] = [];
  for (const resourceSpan of resourceSpans.filter(isRecord)) {
    const resource = isRecord(resourceSpan.resource) ? scrubValue(attributeMap(resourceSpan.resource.attributes, tally), tally) as Record<string, unknown> : {};
    const service = typeof resource['service.name'] === 'string' ? resource['service.name'] : undefined;
    const scopes = resourceSpan.scopeSpans ?? resourceSpan.instrumentationLibrarySpans;
    for (const scope of (Array.isArray(scopes) ? scopes : []).filter(isRecord)) {
      for (const raw of (Array.isArray(scope.spans) ? scope.spans : []).filter(isRecord)) spans.push({ raw, ...(service === undefined ? {} : { service }) });
    }
  }
  return spans;
}

function spanExchange(raw: Record<string, unknown>, service: string | undefined, line: number, options: ImportOptions, tally: ImportTally): ImportedExchange | undefined {
  const span = scrubValue(plainSpan(raw, tally), tally) as PlainSpan;
  const attributes = span.attributes;
  const operation = attributes['gen_ai.operation.name'];
  if (!generations.has(String(operation)) && attributes['gen_ai.request.model'] === undefined) return undefined;
  tally.read++;
  if (operation !== undefined && !generations.has(String(operation))) {
    skip(tally, 'not a chat or completion span');
    return undefined;
  }
  const where = `span ${span.spanId ?? '(no spanId)'}`;
  let content;
  try {
    content = spanContent(span, tally);
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    malformed(`${where}: ${error.message}`, line, options, tally);
    return undefined;
  }
  if (content.messages.length === 0) {
    skip(tally, noContent);
    return undefined;
  }
  if (content.reply === undefined) {
    skip(tally, 'no answer captured');
    return undefined;
  }
  const exchange = toExchange({
    line,
    sourceId: span.spanId,
    messages: content.messages,
    reply: content.reply,
    model: textOf(attributes['gen_ai.response.model']) ?? textOf(attributes['gen_ai.request.model']),
    inputTokens: tokenCount(attributes['gen_ai.usage.input_tokens'], attributes['gen_ai.usage.prompt_tokens']),
    outputTokens: tokenCount(attributes['gen_ai.usage.output_tokens'], attributes['gen_ai.usage.completion_tokens']),
    latencyMs: spanMillis(span.startTimeUnixNano, span.endTimeUnixNano),
    metadata: spanMetadata(attributes, service),
  }, tally);
  if (exchange === null) malformed(`${where}: the input messages are not a list of chat messages`, line, options, tally);
  return exchange ?? undefined;
}

/**
 * Tags to sample by: the service, the provider, and the span's own scalar
 * attributes outside `gen_ai.*` (the application's, such as a user tier or a
 * feature flag). GenAI attributes are the exchange's fields, or parameters.
 */
function spanMetadata(attributes: Record<string, unknown>, service: string | undefined): Record<string, string | number | boolean> {
  const own = Object.fromEntries(Object.entries(attributes).filter(([key]) => !key.startsWith('gen_ai.')));
  const metadata = flatScalars(own);
  if (service !== undefined) metadata['service.name'] = service;
  const provider = textOf(attributes['gen_ai.provider.name']) ?? textOf(attributes['gen_ai.system']);
  if (provider !== undefined) metadata.provider = provider;
  return metadata;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
