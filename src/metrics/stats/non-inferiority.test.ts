import { describe, expect, it } from 'vitest';
import { nonInferiorityVerdict } from './non-inferiority.js';

describe('nonInferiorityVerdict', () => {
  it('is non-inferior when the whole interval lies above -margin', () => {
    expect(nonInferiorityVerdict({ lower: -1.5, upper: 0.5 }, 2)).toEqual({ nonInferior: true, label: 'non-inferior' });
  });

  it('is inferior when the whole interval lies below -margin', () => {
    expect(nonInferiorityVerdict({ lower: -6, upper: -2.5 }, 2)).toEqual({ nonInferior: false, label: 'inferior' });
  });

  it('is inconclusive when the interval straddles -margin', () => {
    expect(nonInferiorityVerdict({ lower: -3, upper: 1 }, 2)).toEqual({ nonInferior: false, label: 'inconclusive' });
  });

  it('needs strict inequalities: touching the margin decides nothing', () => {
    expect(nonInferiorityVerdict({ lower: -2, upper: 1 }, 2).label).toBe('inconclusive');
    expect(nonInferiorityVerdict({ lower: -4, upper: -2 }, 2).label).toBe('inconclusive');
  });

  it('with a zero margin, asks for an interval above zero', () => {
    expect(nonInferiorityVerdict({ lower: 0, upper: 0 }, 0).label).toBe('inconclusive');
    expect(nonInferiorityVerdict({ lower: 0.1, upper: 2 }, 0).label).toBe('non-inferior');
  });

  it('rejects a negative margin or an upside-down interval', () => {
    expect(() => nonInferiorityVerdict({ lower: 0, upper: 1 }, -1)).toThrow(RangeError);
    expect(() => nonInferiorityVerdict({ lower: 1, upper: 0 }, 1)).toThrow(RangeError);
  });
});
