import { describe, expect, it } from 'vitest';
import { preview, terminalSafe } from './terminal-safe.js';

describe('terminalSafe', () => {
  it('removes escape sequences and control characters, keeps text, newlines and tabs', () => {
    const hostile = 'ok\u001b[2J\u001b[31mred\u001b[0m\u001b]0;owned\u0007 done\u0008\u0000\tx\ny\u009b1A';
    expect(terminalSafe(hostile)).toBe('okred done\tx\ny');
  });

  it('previews one line, cut with an ellipsis', () => {
    expect(preview('a\n b\u001b[1m c', 80)).toBe('a b c');
    expect(preview('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
