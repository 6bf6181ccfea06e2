// Custom graders for custom.test.ts: one well-behaved, the others broken in one way each.

/** Passes when the output names the expected answer, scoring by length as partial credit. */
export default function mentionsExpected(output, item) {
  const pass = output.includes(String(item.expected));
  return { pass, score: pass ? 1 : 0.25, reason: pass ? 'mentions it' : 'does not mention it' };
}

export const isShort = (output) => output.length <= 10;

export function throws() {
  throw new Error('grader exploded');
}

export function returnsGarbage() {
  return 42;
}

export function returnsNothing() {}

export function returnsBadScore() {
  return { pass: true, score: 7 };
}

export async function isAsync() {
  throw new Error('rejected later');
}

export function passOnly() {
  return { pass: false };
}

export const notAFunction = 'grade me';
