import { routerReader } from '../../suite/parse-router-argument.js';
import { simulateRun, type SimulateOptions } from '../simulate-run.js';
import { sweepRun, type SweepOptions } from '../sweep-run.js';

/** `route-bench simulate` as the CLI calls it: the router argument read by the suite loader's parser. */
export function simulateStored(options: Omit<SimulateOptions, 'readRouter'> & { name?: string }) {
  return simulateRun({ ...options, readRouter: routerReader(options.router, options.name) });
}

/** `route-bench sweep` as the CLI calls it. */
export function sweepStored(options: Omit<SweepOptions, 'readRouter'>) {
  return sweepRun({ ...options, readRouter: routerReader(options.router) });
}
