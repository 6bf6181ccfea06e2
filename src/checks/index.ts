export type { Check, CheckKind, CheckSpec, GradeContext, Verdict, VerdictStatus } from './types.js';
export { CheckSpecError } from './types.js';
export { checkKindNames, checkKinds, compileCheck, compileChecks } from './registry.js';
export { gradeAll } from './grade-all.js';
export { buildNormalizer, normalizationNames, type NormalizationName, type Normalizer } from './normalize.js';
