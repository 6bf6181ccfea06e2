import { CheckSpecError } from '../../errors.js';

/** The CheckSpecError a compile throws, so a test can look at its key and message. */
export function specErrorOf(compile: () => unknown): CheckSpecError {
  try {
    compile();
  } catch (error) {
    if (error instanceof CheckSpecError) return error;
    throw error;
  }
  throw new Error('expected a CheckSpecError, but the spec compiled');
}
