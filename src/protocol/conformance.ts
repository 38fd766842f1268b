import { Channel, type ChannelOptions } from './channel.ts';
import { ProtocolError } from './error.ts';
import { HELLO, PROTOCOL_VERSIONS, layoutMessage } from './host.ts';
import { flatLayout, makeLayout, type Layout } from '../optimizers/layout.ts';
import { decodeVector, encodeVector } from './codec.ts';

export interface ConformanceCheck {
  readonly check: string;
  readonly pass: boolean;
  readonly detail: string;
}

/** The checks, and the protocol version the adapter chose at the handshake (null when the handshake failed). */
export interface ConformanceReport {
  readonly version: number | null;
  readonly checks: ConformanceCheck[];
}

export interface ConformanceOptions extends ChannelOptions {
  /** Hyperparameters for `init` (default { lr: 0.01 }). */
  readonly hyper?: Readonly<Record<string, number | boolean>>;
  /** Seconds to start and answer the handshake. Default 60. */
  readonly startTimeout?: number;
}

const DIM = 4;
const params = new Float64Array([0.5, -1.25, 3, -0.0625]);
const grad = new Float64Array([0.3, -0.7, 1.1, 2.5e-3]);
const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
const show = (v: Float64Array) => `[${Array.from(v).join(', ')}]`;

/** Protocol 2's shaped checks: a 2×3 matrix in group 0 and a 4-vector in group 1. */
const SHAPED_DIM = 10;
const shapedLayout = (group1: Readonly<Record<string, number>>): Layout =>
  makeLayout({
    dim: SHAPED_DIM,
    tensors: [
      { name: 'w', offset: 0, shape: [2, 3], group: 0 },
      { name: 'b', offset: 6, shape: [4], group: 1 },
    ],
    groups: [{}, group1],
  });
const shapedParams = new Float64Array([0.5, -1.25, 3, -0.0625, 0.75, -2, 1.5, -0.25, 0.125, 2]);
const shapedGrad = new Float64Array([0.3, -0.7, 1.1, 2.5e-3, -0.4, 0.9, -1.3, 0.6, 0.05, -0.2]);
const W = [0, 6] as const;
const B = [6, 10] as const;
const slice = (v: Float64Array, [a, b]: readonly [number, number]) => v.subarray(a, b);
/** Within rtol·max(|a|, |b|) + 1e-300 everywhere: eval then train need not restore y bit for bit (a lerp rounds). */
const near = (a: Float64Array, b: Float64Array, rtol: number) => a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) <= rtol * Math.max(Math.abs(x), Math.abs(b[i])) + 1e-300);

/**
 * What any adapter must do to speak optspec's stepping protocol
 * (docs/protocol.md), checked against the running command: the handshake,
 * init, steps of the right length, independent and deterministic instances,
 * a refusal (not a crash) on an unknown op, save/load in lockstep when
 * offered, drop, close, and exit at end of input. An adapter that speaks
 * protocol 2 is checked on a shaped layout too: two tensors in two groups
 * (each group's override applies to its tensors alone), a null gradient (its
 * tensor untouched), and train/eval when it advertises them.
 */
export function conformance(command: string, options: ConformanceOptions = {}): ConformanceCheck[] {
  return conformanceReport(command, options).checks;
}

/** `conformance`, with the protocol version the adapter speaks (`optspec conform` prints it). */
export function conformanceReport(command: string, options: ConformanceOptions = {}): ConformanceReport {
  const out: ConformanceCheck[] = [];
  const record = (check: string, fn: () => string) => {
    try {
      out.push({ check, pass: true, detail: fn() });
      return true;
    } catch (err) {
      out.push({ check, pass: false, detail: err instanceof ProtocolError ? err.what : (err as Error).message });
      return false;
    }
  };
  const channel = new Channel(command, options);
  const hyper = options.hyper ?? { lr: 0.01 };
  const ask = (message: object, at: string, ms = 10_000) => {
    const reply = channel.request(message, at, ms);
    if (reply.ok !== true) throw new Error(`refused ${JSON.stringify(message).slice(0, 40)}…: ${String(reply.error)}`);
    return reply;
  };
  let supports: unknown[] = [];
  let version = 1;
  // Protocol 2 carries the layout with every init and the missing tensors with every step.
  const init = (id: number, layout: Layout = flatLayout(DIM)) => ask({ op: 'init', id, dim: layout.dim, hyper, ...(version >= 2 ? { layout: layoutMessage(layout) } : {}) }, 'init');
  const stepWith = (id: number, k: number, p: Float64Array, g: Float64Array, missing: number[] = []) =>
    decodeVector(ask({ op: 'step', id, step: k, params: encodeVector(p), grad: encodeVector(g), ...(version >= 2 ? { missing } : {}) }, `step ${k}`).params as string, p.length);
  const step = (id: number, k: number, p: Float64Array = params) => stepWith(id, k, p, grad);
  try {
    const ok = record('handshake: version, name, supports', () => {
      const h = ask(HELLO, 'handshake', 1000 * (options.startTimeout ?? 60));
      if (!PROTOCOL_VERSIONS.includes(h.version as number)) throw new Error(`version ${JSON.stringify(h.version)}, expected one of ${PROTOCOL_VERSIONS.join(', ')}`);
      if (typeof h.name !== 'string' || !Array.isArray(h.supports)) throw new Error('"name" must be a string and "supports" an array');
      if (h.takes !== undefined && !(Array.isArray(h.takes) && h.takes.every((t: unknown) => typeof t === 'string'))) throw new Error('"takes", when given, must be an array of hyperparameter names');
      supports = h.supports;
      version = h.version as number;
      return `${h.name}, protocol ${version}, supports [${h.supports.join(', ')}]`;
    });
    if (!ok) return { version: null, checks: out };
    record('init creates an instance', () => (init(1), `dim ${DIM}, hyper ${JSON.stringify(hyper)}`));
    let first: Float64Array = new Float64Array(0);
    record('a step returns dim finite values that moved', () => {
      first = step(1, 1);
      if (!first.every(Number.isFinite)) throw new Error(`non-finite values from finite input: ${Array.from(first)}`);
      if (same(first, params)) throw new Error('the parameters did not move under a non-zero gradient');
      return `[${Array.from(first).join(', ')}]`;
    });
    record('instances are independent and deterministic', () => {
      step(1, 2);
      init(2);
      const again = step(2, 1);
      if (!same(again, first)) throw new Error(`a fresh instance's first step gave [${Array.from(again)}], the first instance's gave [${Array.from(first)}]`);
      return 'a second instance, made after the first stepped twice, repeats its first step bit for bit';
    });
    record('an unknown op is refused, not fatal', () => {
      const r = channel.request({ op: 'no-such-op' }, 'unknown op', 10_000);
      if (r.ok !== false || typeof r.error !== 'string') throw new Error(`expected { ok: false, error: "…" }, got ${JSON.stringify(r)}`);
      step(2, 2);
      return `refused with "${r.error}", then stepped on`;
    });
    if (supports.includes('save') && supports.includes('load')) {
      record('save then load resumes in lockstep', () => {
        const state = ask({ op: 'save', id: 1 }, 'save').state;
        init(3);
        ask({ op: 'load', id: 3, state }, 'load');
        const a = step(1, 3, first);
        const b = step(3, 3, first);
        if (!same(a, b)) throw new Error(`after load, step 3 gave [${Array.from(b)}], the saved instance [${Array.from(a)}]`);
        return 'an instance loaded from a saved one steps bit for bit like it';
      });
    }
    if (version >= 2) shapedChecks();
    record('drop forgets instances', () => (ask({ op: 'drop', ids: [1, 2, 3, 11, 12, 13] }, 'drop'), 'ok'));
    record('close replies and exits', () => {
      ask({ op: 'close' }, 'close', 2000);
      if (!channel.awaitExit(2000)) throw new Error('still running 2 s after close');
      return 'exited';
    });
  } finally {
    channel.kill();
  }
  record('end of input ends the process', () => {
    const fresh = new Channel(command, options);
    try {
      fresh.request(HELLO, 'handshake', 1000 * (options.startTimeout ?? 60));
      fresh.endInput();
      if (!fresh.awaitExit(5000)) throw new Error('still running 5 s after its stdin closed; killed');
      return 'exited';
    } finally {
      fresh.kill();
    }
  });
  return { version, checks: out };

  function shapedChecks(): void {
    const lr = typeof hyper.lr === 'number' ? hyper.lr : 0.01;
    record('v2: a shaped layout in two groups, each group\'s override on its own tensors', () => {
      init(11, shapedLayout({ lr: 2 * lr }));
      init(12, shapedLayout({}));
      const a = stepWith(11, 1, shapedParams, shapedGrad);
      const b = stepWith(12, 1, shapedParams, shapedGrad);
      if (!a.every(Number.isFinite)) throw new Error(`non-finite values from finite input: ${show(a)}`);
      for (const [name, at] of [['w', W], ['b', B]] as const) {
        if (same(slice(a, at), slice(shapedParams, at))) throw new Error(`tensor ${name} did not move under a non-zero gradient`);
      }
      if (!same(slice(a, W), slice(b, W))) throw new Error(`group 0 has no overrides in both instances, but w went to ${show(slice(a, W))} and ${show(slice(b, W))}`);
      if (same(slice(a, B), slice(b, B))) throw new Error(`group 1's override { lr: ${2 * lr} } changed nothing: b went to ${show(slice(a, B))} either way`);
      return `w [2×3] in group 0 and b [4] in group 1 with lr ${2 * lr}: both moved, w as without the override, b not`;
    });
    record('v2: a tensor whose gradient is null is untouched', () => {
      init(13, shapedLayout({ lr: 2 * lr }));
      // A step with every gradient first, so that state a wrong null step could advance (moments, buffers) exists.
      const a = stepWith(13, 1, shapedParams, shapedGrad);
      const b = stepWith(13, 2, a, shapedGrad, [0]);
      if (!same(slice(b, W), slice(a, W))) throw new Error(`w had no gradient at step 2 but went from ${show(slice(a, W))} to ${show(slice(b, W))}`);
      if (same(slice(b, B), slice(a, B))) throw new Error('b had a gradient at step 2 but did not move');
      const c = stepWith(13, 3, b, shapedGrad);
      if (same(slice(c, W), slice(b, W))) throw new Error('w did not move at step 3, when it had a gradient again');
      return 'at step 2 w stayed bit for bit while b moved, and w moved again at step 3';
    });
    if (supports.includes('scale-lr')) {
      record('v2: scale-lr changes the steps after it (every group\'s lr, as a scheduler)', () => {
        init(14, shapedLayout({}));
        init(15, shapedLayout({}));
        const a = stepWith(14, 1, shapedParams, shapedGrad);
        stepWith(15, 1, shapedParams, shapedGrad);
        ask({ op: 'scale-lr', id: 14, factor: 0.5 }, 'scale-lr');
        const halved = stepWith(14, 2, a, shapedGrad);
        const kept = stepWith(15, 2, a, shapedGrad);
        if (!halved.every(Number.isFinite)) throw new Error(`non-finite values after scale-lr: ${show(halved)}`);
        if (same(halved, kept)) throw new Error(`after scale-lr by 0.5 step 2 went to ${show(halved)}, as without it`);
        return 'after scale-lr by 0.5, step 2 went elsewhere than an unscaled twin\'s';
      });
    }
    if (!(supports.includes('train') && supports.includes('eval'))) return;
    record('v2: train and eval switch the parameters, and eval then train comes back', () => {
      const y = stepWith(13, 4, shapedParams, shapedGrad);
      const x = decodeVector(ask({ op: 'eval', id: 13, params: encodeVector(y) }, 'eval').params as string, SHAPED_DIM);
      const back = decodeVector(ask({ op: 'train', id: 13, params: encodeVector(x) }, 'train').params as string, SHAPED_DIM);
      if (!x.every(Number.isFinite) || !back.every(Number.isFinite)) throw new Error(`non-finite values: eval gave ${show(x)}, train ${show(back)}`);
      if (!near(back, y, 1e-9)) throw new Error(`eval then train gave ${show(back)}, not the training point ${show(y)}`);
      stepWith(13, 5, back, shapedGrad);
      return same(x, y) ? 'eval left the parameters where they were (no averaging yet?), train came back' : 'eval moved the parameters, train brought them back, and a step followed';
    });
  }
}
