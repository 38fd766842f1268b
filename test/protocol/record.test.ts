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

// model.named_parameters() gives the header a layout: names, shapes and offsets in the order of flattening.
const RECORD_NAMED = `
import json, sys
sys.path.insert(0, "python")
import torch
from optspec_torch import record
torch.manual_seed(3)
torch.set_default_dtype(torch.float64)
model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Linear(4, 2))
x, y = torch.randn(5, 3), torch.randn(5, 2)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
seen = []
with record(sys.argv[1], model.named_parameters(), optimizer="torch.optim.SGD", keep_params=True) as rec:
    for step in range(3):
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        rec.step(step, loss)
        seen.append({name: p.detach().tolist() for name, p in model.named_parameters()})
        opt.step()
try:
    record(sys.argv[1] + ".mixed", [model[0].weight, ("0.bias", model[0].bias)])
except TypeError as err:
    seen.append(str(err))
print(json.dumps(seen))
`;

it('record(path, model.named_parameters()) writes the layout: trace.tensor reads each tensor as the model held it', () => {
  const file = join(dir, 'named.jsonl');
  const out = execFileSync('/usr/bin/python3', ['-c', RECORD_NAMED, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const seen = JSON.parse(out) as unknown[];
  const steps = seen.slice(0, 3) as Record<string, number[][] | number[]>[];
  const t = traceFromJsonl(file);
  expect(t.meta.layout!.tensors.map((x) => [x.name, x.shape, x.offset])).toEqual([
    ['0.weight', [4, 3], 0], ['0.bias', [4], 12], ['1.weight', [2, 4], 16], ['1.bias', [2], 24],
  ]);
  const w = t.tensor('0.weight');
  expect(w.shape).toEqual([4, 3]);
  for (let k = 0; k < 3; k++) {
    expect(Array.from(w.row(k))).toEqual((steps[k]['0.weight'] as number[][]).flat());
    expect(Array.from(t.tensor('1.bias').row(k))).toEqual(steps[k]['1.bias']);
  }
  expect(Array.from(w.coordinate([3, 1]))).toEqual(steps.map((s) => (s['0.weight'] as number[][])[3][1]));
  expect(seen[3]).toBe('record: params: expected all tensors (model.parameters()) or all (name, tensor) pairs (model.named_parameters())');
}, 60_000);
