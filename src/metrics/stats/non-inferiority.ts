import type { NonInferiorityLabel } from '../../types/index.js';

export type { NonInferiorityLabel };

export interface NonInferiorityVerdict {
  nonInferior: boolean;
  label: NonInferiorityLabel;
}

/**
 * Non-inferiority from an interval on (configuration - baseline) quality, in
 * points, and a margin in points: the loss we accept in exchange for the
 * savings. Non-inferior when the whole interval lies above -margin (lower >
 * -margin); inferior when it lies wholly below (upper < -margin); otherwise the
 * data cannot tell. With a 95% two-sided interval this is the usual one-sided
 * test at 2.5% (as in CONSORT's non-inferiority extension, Piaggio et al.
 * 2012). Touching the margin is not enough either way: the comparisons are
 * strict.
 */
export function nonInferiorityVerdict(intervalPp: { lower: number; upper: number }, marginPp: number): NonInferiorityVerdict {
  if (!(marginPp >= 0)) throw new RangeError(`margin must be a non-negative number of points, got ${marginPp}`);
  if (!(intervalPp.lower <= intervalPp.upper)) throw new RangeError(`interval lower ${intervalPp.lower} is above upper ${intervalPp.upper}`);
  if (intervalPp.lower > -marginPp) return { nonInferior: true, label: 'non-inferior' };
  if (intervalPp.upper < -marginPp) return { nonInferior: false, label: 'inferior' };
  return { nonInferior: false, label: 'inconclusive' };
}
