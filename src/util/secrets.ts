/**
 * The API keys of a run, kept out of everything else the run touches.
 *
 * `sealKeys` moves the variables the suite's models name out of
 * `process.env` into this module, before any custom check loads: an external
 * router, which inherits the environment, and a custom check, which reads
 * `process.env`, no longer find them there. Providers read keys with `keyIn`.
 * Every value sealed here, and every value of a variable whose name says it
 * holds a secret, is replaced by `[redacted]` in what the tool prints and
 * stores (`redactSecrets`): a server that echoes the key in its answer, or a
 * router that dumps its environment to stderr, leaks nothing.
 *
 * A custom check is code the suite's author trusts: it runs in this process
 * and could find a key in memory. What is sealed is what it finds by accident.
 */

/** A shorter "secret" would mangle ordinary words wherever it appears, and guards nothing. */
const minimumSecretChars = 4;
/** Names that say a variable holds a secret; their values are redacted when 8 characters or longer. */
const secretName = /(?:^|_)(?:API_?KEY|KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)$/i;
const minimumGuessedChars = 8;

const sealed = new Map<string, string>();
/** Every value to redact, longest first, so a secret that contains another is replaced whole. */
let secrets: string[] = [];

function remember(value: string, minimum: number): void {
  if (value.length < minimum || secrets.includes(value)) return;
  // A server that echoes the key inside JSON writes it escaped: `"` as `\"`, `\` as `\\`.
  const escaped = JSON.stringify(value).slice(1, -1);
  secrets = [...new Set([...secrets, value, escaped])].sort((left, right) => right.length - left.length);
}

/** Values of variables whose names say they are secrets, read once, when first needed. */
let guessed = false;
function guessFromNames(): void {
  if (guessed) return;
  guessed = true;
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && secretName.test(name)) remember(value, minimumGuessedChars);
  }
}

/**
 * Takes each named variable out of `process.env` and keeps its value here.
 * `shared` names stay in the environment (a model that says an external
 * router needs its key), and are still redacted.
 */
export function sealKeys(names: Iterable<string>, shared: ReadonlySet<string> = new Set()): void {
  guessFromNames();
  for (const name of names) {
    const value = process.env[name];
    if (value !== undefined) {
      sealed.set(name, value);
      if (!shared.has(name)) delete process.env[name];
    }
    const kept = sealed.get(name);
    if (kept !== undefined) remember(kept, minimumSecretChars);
  }
}

/** The key in a variable: the environment's value when it is set (a test may set it again), else the sealed one. */
export function keyIn(name: string): string | undefined {
  const value = process.env[name] ?? sealed.get(name);
  if (value !== undefined) remember(value, minimumSecretChars);
  return value;
}

/** Also redact these values (a key in a base URL, a credential header). */
export function alsoRedact(values: Iterable<string | undefined>): void {
  for (const value of values) if (value !== undefined) remember(value, minimumSecretChars);
}

/** `text` with every known secret replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  guessFromNames();
  let result = text;
  for (const secret of secrets) {
    if (result.includes(secret)) result = result.replaceAll(secret, '[redacted]');
  }
  return result;
}

/** `redactSecrets` for a value that may be absent. */
export function redactOptional<Text extends string | null | undefined>(text: Text): Text {
  return (typeof text === 'string' ? redactSecrets(text) : text) as Text;
}
