export { checkKindNames, checkKinds, compileCheck, compileChecks } from './registry.js';
export { gradeAll } from './grade-all.js';
export { buildNormalizer, normalizationNames, type NormalizationName, type Normalizer } from './normalize.js';
export { preloadCustomChecks, resolveCustomModulePath } from './custom-modules.js';
export type { CustomGrader } from './custom.js';
export { readJsonInText, type JsonReading } from './json-in-text.js';
export { defaultJudgePrompt, llmJudgeKind } from './llm-judge.js';
export { parseJudgeVerdict } from './judge-verdict.js';
export { findJudgeChecks } from './find-judges.js';
