// Every way an external optimizer can fail gives one line naming the
// command, where in the run it happened, and what went wrong; the process is
// gone afterwards.
import { afterAll, describe, expect, it } from 'vitest';
import { sgd } from '../../src/optimizers/index.ts';
import { l1 } from '../../src/problems/index.ts';
import { runTrace } from '../../src/trace/run.ts';
import { ProtocolError, closeCommands, commandOptimizer } from '../../src/protocol/index.ts';
import { FAKE } from './parity.ts';

afterAll(closeCommands);

const problem = l1({ lambda: 1, dim: 3 });
const init = [0.5, -0.3, 0.2];
const run = (command: string, steps = 5, options = {}) => runTrace({ problem, optimizer: commandOptimizer(command, { lr: 0.01 }, options), init, steps });

function errorOf(thunk: () => unknown): ProtocolError {
  try {
    thunk();
  } catch (err) {
    if (err instanceof ProtocolError) return err;
    throw err;
  }
  throw new Error('expected a ProtocolError, nothing was thrown');
}

const gone = (pid: number) => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};
const pidOf = (name: string) => Number(/pid=(\d+)/.exec(name)?.[1]);

describe('a healthy fake adapter', () => {
  it('runs bit-identical to the reference SGD (β − lr·g is one rounding in both)', () => {
    const expected = runTrace({ problem, optimizer: sgd({ lr: 0.01 }), init, steps: 40 });
    const actual = run(FAKE(), 40);
    expect(Array.from(actual.params)).toEqual(Array.from(expected.params));
    expect(actual.row(40)[0]).not.toBe(init[0]);
  });
});

describe('failures are one line naming the command, the step and what went wrong', () => {
  it('a command that does not exist', () => {
    const e = errorOf(() => run('/no/such/optimizer --flag'));
    expect(e.message).toMatch(/^command "\/no\/such\/optimizer --flag", handshake: the process exited with code 127; its stderr ends: .*not found/);
    expect(e.message).not.toContain('\n');
  });

  it('a command that exits before the handshake', () => {
    expect(errorOf(() => run(FAKE('exit-now'))).message).toMatch(/handshake: the process exited with code 7; its stderr ends: fake_sgd: cannot start: planted start-up failure$/);
  });

  it('a crash at step 3', () => {
    const e = errorOf(() => run(FAKE('crash-at=3')));
    expect(e.message).toMatch(/^command ".*fake_sgd.py crash-at=3", step 3: the process exited with code 1; its stderr ends: .*ZeroDivisionError: planted crash$/);
    expect(e.at).toBe('step 3');
  });

  it('a hang at step 2 is killed after the per-step timeout', () => {
    const factory = commandOptimizer(FAKE('hang-at=2'), { lr: 0.01 }, { stepTimeout: 0.5 });
    const pid = pidOf(factory.optimizerName);
    const started = performance.now();
    const e = errorOf(() => runTrace({ problem, optimizer: factory, init, steps: 5 }));
    expect(e.message).toMatch(/, step 2: no reply within 0.5 s; the process was killed$/);
    expect(performance.now() - started).toBeLessThan(5000);
    // SIGKILL to the group is immediate, but reaping is not: allow a moment.
    const until = performance.now() + 2000;
    while (!gone(pid) && performance.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    expect(gone(pid)).toBe(true);
  });

  it('output that is not the protocol', () => {
    expect(errorOf(() => run(FAKE('garbage-at=4'))).message).toMatch(/, step 4: wrote a line that is not protocol JSON: "step ok, new params follow"$/);
  });

  it('a stray print on stdout', () => {
    expect(errorOf(() => run(FAKE('chatty'))).message).toMatch(/, handshake: wrote a line that is not protocol JSON: "loading weights... done"$/);
  });

  it('the wrong number of values', () => {
    expect(errorOf(() => run(FAKE('short-at=2'))).message).toMatch(/, step 2: "params" in the reply: expected 3 values, got 2$/);
  });

  it('a "takes" that is not a list of names', () => {
    expect(errorOf(() => run(FAKE('takes='))).message).toMatch(/, handshake: "takes", when given, must be an array of hyperparameter names$/);
  });

  it('another protocol version', () => {
    expect(errorOf(() => run(FAKE('version=3'))).message).toMatch(/, handshake: speaks protocol version 3; optspec speaks 1 and 2$/);
  });

  it('after a failure the optimizer refuses to step, and a new one gets a fresh process', () => {
    const command = FAKE('crash-at=2');
    const factory = commandOptimizer(command, { lr: 0.01 });
    const opt = factory(3);
    const p = Float64Array.from(init);
    const g = new Float64Array([1, 1, 1]);
    opt.step(p, g);
    expect(errorOf(() => opt.step(p, g)).message).toMatch(/step 2: the process exited with code 1/);
    expect(errorOf(() => opt.step(p, g)).message).toMatch(/step 3: the process that held this optimizer has ended/);
    const fresh = commandOptimizer(command, { lr: 0.01 })(3);
    fresh.step(p, g);
    expect(pidOf(commandOptimizer(command, { lr: 0.01 }).optimizerName)).not.toBe(pidOf(factory.optimizerName));
  });

  it('a hyperparameter the optimizer refuses names init, and the process lives on', () => {
    const torchless = commandOptimizer(FAKE(), { momentum: 0.9 });
    expect(errorOf(() => torchless(3)).message).toMatch(/, init \(dim 3, hyper \{"momentum":0.9\}\): the optimizer refused: init needs lr$/);
    const opt = commandOptimizer(FAKE(), { lr: 0.5 })(1);
    const p = new Float64Array([1]);
    opt.step(p, new Float64Array([1]));
    expect(p[0]).toBe(0.5);

  });
});

describe('bad input to commandOptimizer', () => {
  it.each([
    ['an empty command', '', { lr: 0.1 }, /^command: expected a shell command that starts the optimizer, got ""$/],
    ['a NaN hyperparameter', FAKE(), { lr: NaN }, /^optimizer.lr: expected a finite number or true\/false, got NaN$/],
  ])('rejects %s with an InputError naming the field', (_label, command, hyper, message) => {
    expect(() => commandOptimizer(command, hyper)).toThrow(message);
  });
});
