import { afterEach, describe, expect, it, vi } from 'vitest';
import { alsoRedact, keyIn, redactSecrets, sealKeys } from './secrets.js';

describe('secrets', () => {
  afterEach(() => {
    delete process.env.RB_SECRETS_TEST_A;
    delete process.env.RB_SECRETS_TEST_B;
  });

  it('takes a named variable out of the environment, still gives it to a provider, and redacts it', () => {
    process.env.RB_SECRETS_TEST_A = 'value-of-a-1234';
    sealKeys(['RB_SECRETS_TEST_A']);
    expect(process.env.RB_SECRETS_TEST_A).toBeUndefined();
    expect(keyIn('RB_SECRETS_TEST_A')).toBe('value-of-a-1234');
    expect(redactSecrets('x value-of-a-1234 y value-of-a-1234')).toBe('x [redacted] y [redacted]');
    // Set again (a test, a second run in one process): the environment's value wins.
    process.env.RB_SECRETS_TEST_A = 'value-of-a-5678';
    expect(keyIn('RB_SECRETS_TEST_A')).toBe('value-of-a-5678');
  });

  it('leaves a shared variable in the environment, redacted all the same', () => {
    process.env.RB_SECRETS_TEST_B = 'shared-value-99';
    sealKeys(['RB_SECRETS_TEST_B'], new Set(['RB_SECRETS_TEST_B']));
    expect(process.env.RB_SECRETS_TEST_B).toBe('shared-value-99');
    expect(redactSecrets('shared-value-99')).toBe('[redacted]');
  });

  it('redacts a key as JSON writes it too, escaped', () => {
    alsoRedact(['sk-"quoted\\key-123']);
    expect(redactSecrets(JSON.stringify({ echoed: 'sk-"quoted\\key-123' }))).toBe('{"echoed":"[redacted]"}');
  });

  it('replaces a secret that contains another whole, and ignores values too short to be keys', () => {
    alsoRedact(['abcd', 'abcd-efgh-long', 'abc', undefined]);
    expect(redactSecrets('abcd-efgh-long and abcd and abc')).toBe('[redacted] and [redacted] and abc');
  });

  it('redacts, unasked, values of 8 characters or more in variables whose names say secret', async () => {
    process.env.RB_SECRETS_TEST_API_KEY = 'guessed-secret-1';
    process.env.RB_SECRETS_TEST_TOKENIZER = 'not-a-secret-2';
    process.env.RB_SECRETS_TEST_TOKEN = 'short';
    vi.resetModules();
    const fresh = await import('./secrets.js');
    expect(fresh.redactSecrets('guessed-secret-1 not-a-secret-2 short')).toBe('[redacted] not-a-secret-2 short');
    delete process.env.RB_SECRETS_TEST_API_KEY;
    delete process.env.RB_SECRETS_TEST_TOKENIZER;
    delete process.env.RB_SECRETS_TEST_TOKEN;
  });
});
