import { CheckSpecError } from '../errors.js';
import type { CheckKind } from '../types/index.js';

export const notKind: CheckKind = {
  type: 'not',
  summary: 'passes where the nested `check` fails, and fails where it passes; an error stays an error',
  keys: ['check'],
  compile(spec, compileNested) {
    if (spec.check === undefined) {
      throw new CheckSpecError('check "not" needs the check to invert under `check`', 'check');
    }
    const inner = compileNested(spec.check, 'check');
    return {
      type: 'not',
      acceptsProse: true,
      needsReference: inner.needsReference ?? true,
      children: [inner],
      grade(output, item, context) {
        const verdict = inner.grade(output, item, context);
        const reason = `not ${inner.type}: ${verdict.reason}`;
        if (verdict.status === 'error') return { status: 'error', score: 0, reason };
        return { status: verdict.status === 'pass' ? 'fail' : 'pass', score: 1 - verdict.score, reason };
      },
    };
  },
};
