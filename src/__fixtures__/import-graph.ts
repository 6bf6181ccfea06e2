import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Every import (static, type-only, re-export and dynamic) of the project's own modules, file to file. */
export interface ImportGraph {
  files: string[];
  /** Edges by importing file, paths relative to the source root. */
  imports: Map<string, string[]>;
}

/** The source files that make up the tool: tests and their fixtures are not part of its layering. */
function isSource(path: string): boolean {
  return path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.endsWith('.d.ts') && !path.split('/').includes('__fixtures__');
}

function walk(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const specifier = /(?:import|export)\s[^;]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g;

export function importGraph(root: string): ImportGraph {
  const files = walk(root).filter(isSource).map((path) => relative(root, path)).sort();
  const imports = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    const targets = new Set<string>();
    for (const match of text.matchAll(specifier)) {
      const spec = match[1] ?? match[2]!;
      targets.add(relative(root, resolve(root, dirname(file), spec)).replace(/\.js$/, '.ts'));
    }
    imports.set(file, [...targets].sort());
  }
  return { files, imports };
}

/** A file's place: its top folder under the source root, or the file itself at the root. */
export function placeOf(file: string): string {
  return file.includes('/') ? file.split('/')[0]! : file;
}

/** The cycles of a directed graph, each as the members of one strongly connected component (Tarjan 1972). */
export function cycles(nodes: string[], edges: (node: string) => string[]): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of edges(node)) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || edges(node).includes(node)) found.push(component.sort());
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return found;
}
