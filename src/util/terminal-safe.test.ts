import { describe, expect, it } from 'vitest';
import { preview, terminalOutput, terminalSafe } from './terminal-safe.js';

describe('terminalSafe', () => {
  it('removes escape sequences and control characters, keeps text, newlines and tabs', () => {
    const hostile = 'ok\u001b[2J\u001b[31mred\u001b[0m\u001b]0;owned\u0007 done\u0008\u0000\tx\ny\u009b1A';
    expect(terminalSafe(hostile)).toBe('okred done\tx\ny');
  });

  it('previews one line, cut with an ellipsis', () => {
    expect(preview('a\n b\u001b[1m c', 80)).toBe('a b c');
    expect(preview('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('removes bidirectional overrides, embeddings, isolates and marks', () => {
    // "invoice\u202Egnp.exe" shows as "invoiceexe.png" on a terminal.
    expect(terminalSafe('invoice\u202egnp.exe \u2066a\u2069 \u202ab\u202c \u200fc\u200e\u061c')).toBe('invoicegnp.exe a b c');
  });

  it('on what the tool prints, keeps the progress line\'s carriage return and erase-line, and nothing else', () => {
    expect(terminalOutput('\r[##..] 50%\u001b[K')).toBe('\r[##..] 50%\u001b[K');
    expect(terminalOutput('tag \u001b[31mred\u001b[0m \u202eevil\u0007\n')).toBe('tag red evil\n');
    const plain = 'nothing to strip here';
    expect(terminalOutput(plain)).toBe(plain);
  });
});
