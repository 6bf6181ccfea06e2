import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs } from './retry-after.js';

const now = Date.parse('2025-03-10T12:00:00Z');

function retryAfter(headers: Record<string, string>): number | undefined {
  return parseRetryAfterMs(new Headers(headers), now);
}

describe('parseRetryAfterMs', () => {
  it('reads retry-after-ms as milliseconds', () => {
    expect(retryAfter({ 'retry-after-ms': '250' })).toBe(250);
    expect(retryAfter({ 'retry-after-ms': '1.6' })).toBe(2);
  });

  it('prefers retry-after-ms over retry-after', () => {
    expect(retryAfter({ 'retry-after-ms': '250', 'retry-after': '30' })).toBe(250);
  });

  it('falls back to retry-after when retry-after-ms is unreadable', () => {
    expect(retryAfter({ 'retry-after-ms': 'soon', 'retry-after': '3' })).toBe(3000);
  });

  it('reads retry-after as seconds, fractional included', () => {
    expect(retryAfter({ 'retry-after': '20' })).toBe(20_000);
    expect(retryAfter({ 'retry-after': '0.5' })).toBe(500);
    expect(retryAfter({ 'retry-after': ' 2 ' })).toBe(2000);
    expect(retryAfter({ 'retry-after': '0' })).toBe(0);
  });

  it('reads retry-after as an HTTP date relative to now', () => {
    expect(retryAfter({ 'retry-after': 'Mon, 10 Mar 2025 12:00:07 GMT' })).toBe(7000);
  });

  it('treats an HTTP date in the past as no wait at all', () => {
    expect(retryAfter({ 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' })).toBe(0);
  });

  it('returns undefined for garbage and for absent headers', () => {
    expect(retryAfter({})).toBeUndefined();
    expect(retryAfter({ 'retry-after': 'later' })).toBeUndefined();
    expect(retryAfter({ 'retry-after': '-5' })).toBeUndefined();
    expect(retryAfter({ 'retry-after': '5s' })).toBeUndefined();
    expect(retryAfter({ 'retry-after': 'x 2020' })).toBeUndefined();
    expect(retryAfter({ 'retry-after': '' })).toBeUndefined();
    expect(retryAfter({ 'retry-after-ms': 'NaN' })).toBeUndefined();
  });
});
