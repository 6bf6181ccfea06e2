export type { Check, CheckKind, CheckSpec, CompileOptions, GradeContext, Verdict, VerdictStatus } from './types.js';
export { CheckSpecError } from './types.js';
export { checkKindNames, checkKinds, compileCheck, compileChecks } from './registry.js';
export { gradeAll } from './grade-all.js';
export { buildNormalizer, normalizationNames, type NormalizationName, type Normalizer } from './normalize.js';
export { preloadCustomChecks, resolveCustomModulePath } from './custom-modules.js';
export type { CustomGrader } from './custom.js';
export { readJsonInText, type JsonReading } from './json-in-text.js';
