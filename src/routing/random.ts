import { uniform } from '../util/hash.js';
import type { ItemRouter } from '../types/index.js';

/**
 * Sends each item to the strong model with probability p, drawn from the
 * item id and a seed: the baseline every router must beat. The same item
 * gets the same draw in every run and in simulation.
 */
export function createRandomRouter(p: number, strong: string, weak: string, seed: number): ItemRouter {
  return {
    decide: ({ id }) => (uniform(seed, 'random-router', id) < p ? { model: strong, reason: 'random: strong' } : { model: weak, reason: 'random: weak' }),
  };
}
