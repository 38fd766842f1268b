/**
 * What the gate finds in torch 1.13's multi-tensor (`foreach=True`) optimizers,
 * through the adapter's protocol 2 (one Parameter per tensor, so the
 * multi-tensor code runs). Asserted as it is, not as we would like it:
 *
 * - SGD without Nesterov, SGD with momentum, and AdamW pass every expectation.
 * - SGD with Nesterov writes the blended update into p.grad (sgd.py:298,
 *   `_foreach_add_(grads, bufs, alpha=momentum)`), at any setting; RMSprop,
 *   Adam and Adagrad write their weight decay into it (rmsprop.py:295,
 *   adam.py:456, adagrad.py:327, `_foreach_add_(grads, params, alpha=weight_decay)`).
 *   PyTorch's own rule is that step() leaves .grad alone (pytorch/pytorch#18732,
 *   #69189); their per-parameter paths do. Each fails contract-gradient-untouched,
 *   and nothing else.
 * - Adagrad's step size is computed in float32 (adagrad.py:329): parity names
 *   the dialect it matches, `--dialect torch-foreach`, under which only the
 *   gradient contract fails.
 *
 * Regression pins of torch 1.13's behaviour: on another torch they are skipped.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../scratch.ts';
import { checkTorch, failedIds as failed } from './parity.ts';

const TORCH_VERSION = execFileSync('/usr/bin/python3', ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).trim();
const dir = scratchDir('optspec-torch-foreach-');
let runs = 0;
const check = (family: string, cls: string, ...flags: string[]) => checkTorch(cls, join(dir, `${runs++}`), '--family', family, '--torch-set', 'foreach=true', ...flags);
const NESTEROV = ['--torch-set', 'nesterov=true'];

describe.skipIf(!TORCH_VERSION.startsWith('1.13.'))(`torch ${TORCH_VERSION}'s foreach optimizers under the gate`, () => {
  it.each([
    ['sgd', 'torch.optim.SGD'],
    ['momentum', 'torch.optim.SGD'],
    ['adamw', 'torch.optim.AdamW'],
  ])('%s (%s) with foreach=true passes', (family, cls) => {
    const r = check(family, cls);
    expect(r.stdout, r.stderr).toContain('all expectations held');
    expect(r.status).toBe(0);
  }, 240_000);

  it.each([
    ['nesterov', 'torch.optim.SGD', NESTEROV, 'the base options'],
    ['rmsprop', 'torch.optim.RMSprop', [], 'weightDecay: 0\\.1'],
    ['adam', 'torch.optim.Adam', [], 'weightDecay: 0\\.1'],
  ] as const)('%s with foreach=true fails contract-gradient-untouched alone, and passes the rest', (family, cls, flags, setting) => {
    const r = check(family, cls, ...flags);
    expect(r.status, r.stderr).toBe(1);
    expect(failed(r.stdout)).toEqual(['contract-gradient-untouched']);
    expect(r.stdout).toMatch(new RegExp(`FAIL {2}contract-gradient-untouched .*\\n +with ${setting}, step 1 changed coordinate 0 of the gradient it was given from `));
    const rest = check(family, cls, ...flags, '--skip', 'contract-gradient-untouched');
    expect(rest.stdout, rest.stderr).toContain('all expectations held');
  }, 240_000);

  it('Adagrad with foreach=true: parity names the float32 step size as its dialect; in that dialect only the gradient contract fails', () => {
    const r = check('adagrad', 'torch.optim.Adagrad');
    expect(r.stdout).toMatch(/FAIL {2}reference-parity .*\n +first divergence from the pytorch reference on .*; the trajectory matches torch 1\.13's multi-tensor Adagrad \(foreach=True: its step size .* computed in float32\): pass --dialect torch-foreach/);
    const dialect = check('adagrad', 'torch.optim.Adagrad', '--dialect', 'torch-foreach');
    expect(failed(dialect.stdout), dialect.stderr).toEqual(['contract-gradient-untouched']);
    // And the float32 step size is foreach's alone: the per-parameter path fails that dialect's parity.
    const perParameter = checkTorch('torch.optim.Adagrad', join(dir, `${runs++}`), '--family', 'adagrad', '--dialect', 'torch-foreach', '--torch-set', 'foreach=false', '--only', 'reference-parity');
    expect(failed(perParameter.stdout)).toEqual(['reference-parity']);
  }, 240_000);
});
