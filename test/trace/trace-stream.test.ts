import { describe, expect, it } from 'vitest';
import { traceJsonChunks, traceToJson, traceFromJson } from '../../src/trace/serialize.ts';
import { runTrace } from '../../src/trace/run.ts';
import { l1 } from '../../src/problems/index.ts';
import { adam, sgd } from '../../src/optimizers/index.ts';
import { traceOf } from '../helpers.ts';

const joined = (chunks: Iterable<string>) => Array.from(chunks).join('');

describe('traceJsonChunks', () => {
  it('gives the same text as JSON.stringify(traceToJson) across chunk boundaries, NaN, ±Infinity and −0 included', () => {
    const trace = traceOf([[1, -0], [NaN, Infinity], [-Infinity, 0.1 + 0.2], [5e-324, -1e21], [0, 0]], [1, NaN, -0, Infinity, 2]);
    for (const rowsPerChunk of [1, 2, 3, 4096]) expect(joined(traceJsonChunks(trace, rowsPerChunk))).toBe(JSON.stringify(traceToJson(trace)));
    expect(traceFromJson(JSON.parse(joined(traceJsonChunks(trace, 2)))).params).toEqual(trace.params);
  });

  it('writes recorded coordinate subsets and optimizer state the same way', () => {
    const trace = runTrace({ problem: l1({ lambda: 1, dim: 3 }), optimizer: adam({ lr: 0.1 }), init: [0.3, -0.2, 0.1], steps: 7, coordinates: [0, 2], state: ['expAvg', 'expAvgSq'] });
    expect(Object.keys(trace.state)).toEqual(['expAvg', 'expAvgSq']);
    expect(joined(traceJsonChunks(trace, 3))).toBe(JSON.stringify(traceToJson(trace)));
  });

  it('keeps every piece a few thousand rows long, however long the trace', () => {
    const longest = (steps: number) => {
      const trace = runTrace({ problem: l1({ lambda: 1, dim: 2 }), optimizer: sgd({ lr: 0.01 }), init: [0.5053, -0.3], steps });
      return Math.max(...Array.from(traceJsonChunks(trace, 100), (c) => c.length));
    };
    const short = longest(1_000);
    expect(longest(20_000)).toBeLessThanOrEqual(short * 1.5);
    expect(short).toBeLessThan(100 * 60); // 100 rows of two params, at most ~25 characters a number
  });
});
