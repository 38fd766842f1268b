import { describe, expect, it } from 'vitest';
import { traceOf, failureOf } from '../../test/helpers.ts';

const inside = traceOf([[0.5, -0.5], [0.9, 0.1], [0.2, -0.99]]);
const escapes = traceOf([[0.5, -0.5], [0.9, 0.1], [0.2, -1.25], [0.1, 0.1]]);

describe('toStayCaptured', () => {
  it('passes when every iterate stays inside the ball', () => {
    expect(inside).toStayCaptured(1);
    expect(inside).toStayCaptured(1.5, { norm: '2' });
  });
  it('fails naming the step, coordinate and value that left', () => {
    const msg = failureOf(() => expect(escapes).toStayCaptured(1));
    expect(msg).toContain('left the inf-norm ball of radius 1 at step 2: distance 1.25, coordinate 1 = -1.25');
  });
  it('.not passes when an iterate leaves', () => {
    expect(escapes).not.toStayCaptured(1);
  });
  it('.not fails with the evidence of capture', () => {
    const msg = failureOf(() => expect(inside).not.toStayCaptured(1));
    expect(msg).toContain('stayed inside the inf-norm ball of radius 1 for all 3 rows (farthest: distance 0.99 at step 2)');
  });
  it('measures from a centre', () => {
    expect(traceOf([[5, 5], [5.5, 4.5]])).toStayCaptured(1, { center: [5, 5] });
  });
  it('works as an asymmetric matcher', () => {
    expect({ run: inside }).toEqual({ run: expect.toStayCaptured(1) });
    expect({ run: escapes }).not.toEqual({ run: expect.toStayCaptured(1) });
  });
  it('throws on bad input, under .not too', () => {
    expect(() => expect(42).toStayCaptured(1)).toThrow('toStayCaptured: received: expected an optspec Trace');
    expect(() => expect(42).not.toStayCaptured(1)).toThrow('toStayCaptured: received: expected an optspec Trace');
    expect(() => expect(inside).toStayCaptured(-1)).toThrow('toStayCaptured: radius: expected a finite number > 0, got -1');
    expect(() => expect(inside).toStayCaptured(1, { norm: '1' as never })).toThrow('toStayCaptured: options.norm: expected "inf" or "2", got "1"');
    expect(() => expect(inside).toStayCaptured(1, { center: [0] })).toThrow('toStayCaptured: options.center: expected 2 numbers');
  });
});
