import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, placeOf } from './__fixtures__/import-graph.js';

/**
 * The layering the README's design section states, from the bottom. A
 * folder may import its own layer's folders and any below, never one above;
 * no file and no folder may reach itself through its imports.
 */
const layers: string[][] = [
  ['types', 'util', 'yaml', 'errors.ts', 'version.ts'],
  ['tokens', 'pricing', 'checks', 'metrics', 'mock', 'providers', 'routing'],
  ['store'],
  ['runner', 'offline'],
  ['report', 'gate', 'export'],
  ['suite', 'import'],
  ['cli'],
];

const root = fileURLToPath(new URL('.', import.meta.url));
const graph = importGraph(root);
const layerOf = new Map(layers.flatMap((places, layer) => places.map((place) => [place, layer] as const)));

describe('the layering of src/', () => {
  it('places every folder in a layer', () => {
    const unplaced = [...new Set(graph.files.map(placeOf))].filter((place) => !layerOf.has(place));
    expect(unplaced).toEqual([]);
  });

  it('has no import from a lower layer to a higher one', () => {
    const upward: string[] = [];
    for (const [file, targets] of graph.imports) {
      for (const target of targets) {
        if (layerOf.get(placeOf(file))! < layerOf.get(placeOf(target))!) upward.push(`${file} -> ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('has no import cycle, between files or between folders', () => {
    expect(cycles(graph.files, (file) => graph.imports.get(file) ?? [])).toEqual([]);
    const places = [...new Set(graph.files.map(placeOf))];
    const placeEdges = new Map(places.map((place) => [place, new Set<string>()]));
    for (const [file, targets] of graph.imports) {
      for (const target of targets) if (placeOf(file) !== placeOf(target)) placeEdges.get(placeOf(file))!.add(placeOf(target));
    }
    expect(cycles(places, (place) => [...placeEdges.get(place)!])).toEqual([]);
  });

  it('notices an upward import and a cycle when there is one (the checks can fail)', () => {
    expect(cycles(['a', 'b', 'c'], (node) => ({ a: ['b'], b: ['c'], c: ['a'] })[node]!)).toEqual([['a', 'b', 'c']]);
    expect(cycles(['a', 'b'], (node) => ({ a: ['b'], b: [] as string[] })[node]!)).toEqual([]);
  });

  it('has no TypeScript file over 400 lines: a long file is a concept without a home', () => {
    const walk = (folder: string): string[] => readdirSync(folder).flatMap((name) => {
      const path = join(folder, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
    const long = walk(root).filter((path) => path.endsWith('.ts'))
      .map((path) => [relative(root, path), readFileSync(path, 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > 400);
    expect(long).toEqual([]);
  });
});
