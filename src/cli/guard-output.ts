import { redactSecrets } from '../util/secrets.js';
import { terminalOutput } from '../util/terminal-safe.js';

/**
 * What the tool prints goes through here: every known key is redacted from
 * stdout and stderr (a router's stderr, a server's echo in an error), escape
 * sequences and bidirectional controls are stripped on a terminal, and a
 * reader that stops early (`| head`) ends the command quietly with exit 0,
 * as `cat` would, instead of an EPIPE error.
 */
export function guardOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    // On a terminal, no text the tool prints (a tag, an item id, a router's stderr) can move the cursor or reorder a line.
    const safe = stream.isTTY ? (text: string) => terminalOutput(redactSecrets(text)) : redactSecrets;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? safe(chunk) : chunk, ...rest)) as typeof stream.write;
  }
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (isBrokenPipe(error)) process.exit(0);
    throw error;
  });
}

/** The reader of stdout has gone away. */
export function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}

/** Text for a file the user named (`--out`, `--junit`), with every known key redacted. */
export const fileText = redactSecrets;
