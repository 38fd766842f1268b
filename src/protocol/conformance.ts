import { Channel, type ChannelOptions } from './channel.ts';
import { ProtocolError } from './error.ts';
import { PROTOCOL_VERSION } from './host.ts';
import { decodeVector, encodeVector } from './codec.ts';

export interface ConformanceCheck {
  readonly check: string;
  readonly pass: boolean;
  readonly detail: string;
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

/**
 * What any adapter must do to speak optspec's stepping protocol
 * (docs/protocol.md), checked against the running command: the handshake,
 * init, steps of the right length, independent and deterministic instances,
 * a refusal (not a crash) on an unknown op, save/load in lockstep when
 * offered, drop, close, and exit at end of input.
 */
export function conformance(command: string, options: ConformanceOptions = {}): ConformanceCheck[] {
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
  const step = (id: number, k: number, p: Float64Array = params) => decodeVector(ask({ op: 'step', id, step: k, params: encodeVector(p), grad: encodeVector(grad) }, `step ${k}`).params as string, DIM);
  let supports: unknown[] = [];
  try {
    const ok = record('handshake: version, name, supports', () => {
      const h = ask({ op: 'hello', version: PROTOCOL_VERSION }, 'handshake', 1000 * (options.startTimeout ?? 60));
      if (h.version !== PROTOCOL_VERSION) throw new Error(`version ${JSON.stringify(h.version)}, expected ${PROTOCOL_VERSION}`);
      if (typeof h.name !== 'string' || !Array.isArray(h.supports)) throw new Error('"name" must be a string and "supports" an array');
      supports = h.supports;
      return `${h.name}, supports [${h.supports.join(', ')}]`;
    });
    if (!ok) return out;
    record('init creates an instance', () => (ask({ op: 'init', id: 1, dim: DIM, hyper }, 'init'), `dim ${DIM}, hyper ${JSON.stringify(hyper)}`));
    let first: Float64Array = new Float64Array(0);
    record('a step returns dim finite values that moved', () => {
      first = step(1, 1);
      if (!first.every(Number.isFinite)) throw new Error(`non-finite values from finite input: ${Array.from(first)}`);
      if (same(first, params)) throw new Error('the parameters did not move under a non-zero gradient');
      return `[${Array.from(first).join(', ')}]`;
    });
    record('instances are independent and deterministic', () => {
      step(1, 2);
      ask({ op: 'init', id: 2, dim: DIM, hyper }, 'init');
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
        ask({ op: 'init', id: 3, dim: DIM, hyper }, 'init');
        ask({ op: 'load', id: 3, state }, 'load');
        const a = step(1, 3, first);
        const b = step(3, 3, first);
        if (!same(a, b)) throw new Error(`after load, step 3 gave [${Array.from(b)}], the saved instance [${Array.from(a)}]`);
        return 'an instance loaded from a saved one steps bit for bit like it';
      });
    }
    record('drop forgets instances', () => (ask({ op: 'drop', ids: [1, 2, 3] }, 'drop'), 'ok'));
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
      fresh.request({ op: 'hello', version: PROTOCOL_VERSION }, 'handshake', 1000 * (options.startTimeout ?? 60));
      fresh.endInput();
      if (!fresh.awaitExit(5000)) throw new Error('still running 5 s after its stdin closed; killed');
      return 'exited';
    } finally {
      fresh.kill();
    }
  });
  return out;
}
