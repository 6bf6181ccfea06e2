import type { Check } from '../types/index.js';

/** Every `llm-judge` check in a list, nested ones included, in order. */
export function findJudgeChecks(checks: readonly Check[]): Check[] {
  const found: Check[] = [];
  const visit = (check: Check) => {
    if (check.judge) found.push(check);
    for (const child of check.children ?? []) visit(child);
  };
  for (const check of checks) visit(check);
  return found;
}
