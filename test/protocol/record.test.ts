// The recorded PyTorch fixtures are what optspec_torch.record writes today:
// regenerate them with torch and compare byte for byte.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { traceFromJsonl } from '../../src/trace/jsonl.ts';
import { scratchDir } from '../scratch.ts';

const dir = scratchDir('optspec-record-');

it('fixtures/torch-record regenerates identically from make_runs.py', () => {
  execFileSync('/usr/bin/python3', ['fixtures/torch-record/make_runs.py', dir], { stdio: 'pipe' });
  for (const name of ['l1-sgd.jsonl', 'lasso-sgd.jsonl']) {
    expect(readFileSync(join(dir, name), 'utf8'), name).toBe(readFileSync(join('fixtures/torch-record', name), 'utf8'));
  }
  // And optspec reads what the recorder wrote: 201 rows of 6 parameters with their summaries.
  const t = traceFromJsonl(join(dir, 'l1-sgd.jsonl'));
  expect([t.length, t.width, t.meta.optimizer]).toEqual([201, 6, 'torch.optim.SGD']);
  expect(t.summary('smallFraction')[0]).toBe(0);
}, 60_000);
