/** A non-inferiority verdict at the suite's margin. */
export type NonInferiorityLabel = 'non-inferior' | 'inferior' | 'inconclusive';
