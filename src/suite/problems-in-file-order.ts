import type { Problem } from '../errors.js';

/** Problems in file order, so a reader can fix them top to bottom; files in the order first met, problems without a file last. */
export function problemsInFileOrder(problems: Problem[]): Problem[] {
  const files: string[] = [];
  for (const problem of problems) {
    const file = problem.location?.file;
    if (file !== undefined && !files.includes(file)) files.push(file);
  }
  const rank = (problem: Problem) => {
    const file = problem.location?.file;
    return [file === undefined ? files.length : files.indexOf(file), problem.location?.line ?? 0, problem.location?.column ?? 0];
  };
  return problems
    .map((problem, index) => ({ problem, index, key: rank(problem) }))
    .sort((a, b) => a.key[0]! - b.key[0]! || a.key[1]! - b.key[1]! || a.key[2]! - b.key[2]! || a.index - b.index)
    .map(({ problem }) => problem);
}
