import { isCredentialKey } from '../scrub.js';
import type { ImportTally } from '../types.js';
import { isRecord, numberOf } from './trace-records.js';

/**
 * OTLP JSON spans as plain objects. OTLP writes an attribute as
 * `{key, value: {stringValue | intValue | ...}}`, so a credential's name is a
 * value, not a key, and `scrubValue` alone would not see it: attributes named
 * like one (`http.request.header.authorization`) are dropped here, while the
 * span becomes an object, and the result is scrubbed before anything reads it.
 */
export interface PlainSpan {
  traceId?: string;
  spanId?: string;
  name?: string;
  startTimeUnixNano?: unknown;
  endTimeUnixNano?: unknown;
  attributes: Record<string, unknown>;
  events: PlainEvent[];
}

export interface PlainEvent {
  name: string;
  attributes: Record<string, unknown>;
  /** Not in OTLP's span events, but in events exported as log records (the older GenAI events' content). */
  body?: unknown;
}

/** The value of an OTLP AnyValue; int64s arrive as strings in OTLP JSON and become numbers. */
export function anyValue(value: unknown): unknown {
  if (!isRecord(value)) return value;
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) return numberOf(value.intValue) ?? value.intValue;
  if ('doubleValue' in value) return numberOf(value.doubleValue) ?? value.doubleValue;
  if ('arrayValue' in value) {
    const values = isRecord(value.arrayValue) && Array.isArray(value.arrayValue.values) ? value.arrayValue.values : [];
    return values.map(anyValue);
  }
  if ('kvlistValue' in value) return attributeMap(isRecord(value.kvlistValue) ? value.kvlistValue.values : undefined);
  if ('bytesValue' in value) return value.bytesValue;
  return undefined;
}

/**
 * A KeyValue list as an object (a plain object, as some hand-written exports
 * have, is taken as it is). With a tally, a key whose last dotted segment
 * names a credential is dropped and counted.
 */
export function attributeMap(list: unknown, tally?: ImportTally): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  const entries: Array<[string, unknown]> = Array.isArray(list)
    ? list.filter(isRecord).map((entry) => [String(entry.key ?? ''), anyValue(entry.value)])
    : isRecord(list) ? Object.entries(list) : [];
  for (const [key, value] of entries) {
    if (tally !== undefined && namesCredential(key)) {
      if (value !== undefined && value !== null && value !== '') tally.credentialsDropped++;
      continue;
    }
    map[key] = value;
  }
  return map;
}

function namesCredential(key: string): boolean {
  return isCredentialKey(key) || isCredentialKey(key.slice(key.lastIndexOf('.') + 1));
}

/** A raw OTLP span as a plain one (to be scrubbed next). */
export function plainSpan(raw: Record<string, unknown>, tally: ImportTally): PlainSpan {
  const events = (Array.isArray(raw.events) ? raw.events : []).filter(isRecord).map((event): PlainEvent => {
    const plain: PlainEvent = { name: String(event.name ?? ''), attributes: attributeMap(event.attributes, tally) };
    if (event.body !== undefined) plain.body = anyValue(event.body);
    return plain;
  });
  const span: PlainSpan = { attributes: attributeMap(raw.attributes, tally), events };
  for (const key of ['traceId', 'spanId', 'name'] as const) if (typeof raw[key] === 'string') span[key] = raw[key];
  span.startTimeUnixNano = raw.startTimeUnixNano;
  span.endTimeUnixNano = raw.endTimeUnixNano;
  return span;
}

/** Milliseconds between two Unix-nanosecond times, exact for OTLP's uint64 strings; undefined when unset (0) or reversed. */
export function spanMillis(start: unknown, end: unknown): number | undefined {
  const from = nanos(start);
  const to = nanos(end);
  if (from === undefined || to === undefined || from === 0n || to < from) return undefined;
  return Number(to - from) / 1e6;
}

function nanos(value: unknown): bigint | undefined {
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return BigInt(Math.round(value));
  return undefined;
}
