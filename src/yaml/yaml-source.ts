import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { Problem, SourceLocation } from '../errors.js';

export type DocumentPath = ReadonlyArray<string | number>;

/**
 * A parsed YAML text that can say where a value or a key sits, so every
 * problem can be printed as `file:line:column`.
 */
export class YamlSource {
  readonly value: unknown;
  readonly syntaxProblems: Problem[];
  private readonly document: Document;
  private readonly lineCounter: LineCounter;

  constructor(
    readonly file: string,
    text: string,
    /** Line added to every position, when the YAML is a slice of a larger text. */
    private readonly lineOffset = 0,
  ) {
    this.lineCounter = new LineCounter();
    // logLevel 'error': a mapping used as a key would otherwise print a Node warning on stderr.
    this.document = parseDocument(text, { lineCounter: this.lineCounter, uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
    this.syntaxProblems = [];
    const duplicates = this.duplicateKeys();
    const linesWithProblems = new Set<number>();
    for (const error of this.document.errors) {
      if (error.code === 'DUPLICATE_KEY' && duplicates.length > 0) continue;
      // Point past indentation at what is written; a second error on the same line is the first one's echo.
      const offset = error.code === 'BAD_INDENT' ? skipSpaces(text, error.pos[0]) : error.pos[0];
      const location = this.locationOfOffset(offset);
      if (linesWithProblems.has(location.line!)) continue;
      linesWithProblems.add(location.line!);
      const message = firstLine(error.message);
      const unquotedColon = error.code === 'BLOCK_AS_IMPLICIT_KEY' && message.startsWith('Nested mappings');
      // The parser recurses: a value nested some thousands deep overflows its stack, which is no message for a person.
      const tooDeep = message.includes('Maximum call stack size exceeded');
      this.syntaxProblems.push({ location, message: unquotedColon ? unquotedColonMessage(text, offset)
        : tooDeep ? 'nested too deeply for the YAML reader: flatten this value' : syntaxMessage(error.code, message) });
    }
    if (this.document.errors.some((error) => error.code === 'DUPLICATE_KEY')) this.syntaxProblems.push(...duplicates);
    this.syntaxProblems.sort((a, b) => a.location!.line! - b.location!.line! || a.location!.column! - b.location!.column!);
    this.value = undefined;
    if (this.syntaxProblems.length > 0) return;
    try {
      this.value = this.document.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      // Too many aliases (a "billion laughs" text), an alias to nothing: the text is not usable data.
      const message = firstLine((error as Error).message);
      const hint = /resource exhaustion/.test(message) ? ': aliases here expand to more than 1000 values; write the values out, or use fewer aliases' : '';
      this.syntaxProblems.push({ location: this.locationOfAlias(message), message: `${message}${hint}` });
    }
  }

  /** The alias an error names (`... alias ...: name`), else the first alias. */
  private locationOfAlias(message: string): SourceLocation {
    const name = /: (\S+)$/.exec(message)?.[1];
    let offset = 0;
    visit(this.document, {
      Alias: (_, alias) => {
        if ((name !== undefined && alias.source !== name) || !alias.range) return undefined;
        offset = alias.range[0];
        return visit.BREAK;
      },
    });
    return this.locationOfOffset(offset);
  }

  /** Every key written a second time in one mapping, where the yaml parser's own position can miss the key. */
  private duplicateKeys(): Problem[] {
    const problems: Problem[] = [];
    visit(this.document, {
      Map: (_, map) => {
        const seen = new Map<string, number>();
        for (const pair of map.items) {
          if (!isScalar(pair.key) || !pair.key.range) continue;
          const name = String(pair.key.value);
          const first = seen.get(name);
          const location = this.locationOfOffset(pair.key.range[0]);
          if (first === undefined) seen.set(name, location.line!);
          else problems.push({ location, message: `duplicate key "${name}" (first at line ${first}): a key may appear once in a mapping; remove or rename one` });
        }
      },
    });
    return problems;
  }

  /** Where the value at `path` starts; the nearest existing parent when it is missing. */
  locate(path: DocumentPath): SourceLocation {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? this.document.contents : this.document.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return this.locationOfOffset(node.range[0]);
    }
    return { file: this.file };
  }

  /** Where the key that ends `path` is written (for unknown or misspelt keys). */
  locateKey(path: DocumentPath): SourceLocation {
    const parent = path.length <= 1 ? this.document.contents : this.document.getIn(path.slice(0, -1), true);
    const key = path[path.length - 1];
    if (isMap(parent)) {
      for (const pair of parent.items) {
        if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === String(key) && pair.key.range) {
          return this.locationOfOffset(pair.key.range[0]);
        }
      }
      // A key that is a list or mapping (`? [a, b]`) reaches JavaScript as its text, which no scalar matches.
      const collectionKey = parent.items.find((pair) => isPair(pair) && isNode(pair.key) && !isScalar(pair.key) && pair.key.range)?.key;
      if (isNode(collectionKey) && collectionKey.range) return this.locationOfOffset(collectionKey.range[0]);
    }
    return this.locate(path);
  }

  private locationOfOffset(offset: number): SourceLocation {
    const position = this.lineCounter.linePos(offset);
    return { file: this.file, line: position.line + this.lineOffset, column: position.col };
  }
}

function skipSpaces(text: string, offset: number): number {
  let position = offset;
  while (text[position] === ' ') position++;
  return text[position] === '\n' || position >= text.length ? offset : position;
}

/** The parser's message with what to do about it, for the mistakes people make by hand. */
function syntaxMessage(code: string, message: string): string {
  if (code === 'TAB_AS_INDENT') return `${message}; indent with spaces`;
  if (/end with a [}\]]$/.test(message)) {
    const [open, close] = message.endsWith('}') ? ['{', '}'] : ['[', ']'];
    return `${message}: a "${open}" above is not closed; add "${close}" or indent the lines inside it`;
  }
  if (['BAD_INDENT', 'MULTILINE_IMPLICIT_KEY', 'BLOCK_AS_IMPLICIT_KEY'].includes(code)) {
    return `${message}; check the indentation: keys of one mapping start in the same column`;
  }
  return message;
}

/**
 * `key: a: b` on one line is a mapping inside a mapping's value, which YAML
 * forbids; what the writer meant is text holding a colon (`prompt: Answer:
 * {{question}}`), so the advice is the quoted line, not the indentation.
 */
function unquotedColonMessage(text: string, valueOffset: number): string {
  const lineStart = text.lastIndexOf('\n', valueOffset - 1) + 1;
  const lineEnd = text.indexOf('\n', valueOffset);
  const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd).replace(/\r$/, '');
  const key = line.slice(0, valueOffset - lineStart).trim();
  const value = line.slice(valueOffset - lineStart).replace(/\s+#.*$/, '').trimEnd();
  // A JSON string is a valid YAML double-quoted scalar, escapes included.
  return `a value holding ": " must be quoted, or YAML reads it as a nested mapping; write it as ${key} ${JSON.stringify(value)}`;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

export function formatPath(path: DocumentPath): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? part : `.${part}`;
  }
  return text;
}
