import { Channel, type ChannelOptions } from './channel.ts';
import { ProtocolError } from './error.ts';
import { encodeVector, decodeVectorInto } from './codec.ts';
import type { FaultLedger } from './fault-ledger.ts';
import { flatLayout, type Layout } from '../optimizers/layout.ts';
import { InputError } from '../validate/input-error.ts';

/** The newest protocol version optspec speaks (docs/protocol.md). */
export const PROTOCOL_VERSION = 2;
/**
 * Every version optspec speaks. The handshake offers them all in `versions`,
 * and keeps `version: 1`, the field a version-1 adapter reads and checks, so
 * that one still answers; the adapter replies with the version it chose.
 */
export const PROTOCOL_VERSIONS: readonly number[] = [1, 2];

/** The handshake request: version 1's field for version-1 adapters, and every version optspec offers. */
export const HELLO = { op: 'hello', version: 1, versions: PROTOCOL_VERSIONS } as const;

/**
 * True when a layout is more than version 1's single vector: several
 * tensors, a tensor's group with overrides, or one tensor of another shape
 * than [dim] (an elementwise optimizer would not notice, but a shaped one,
 * such as Muon, would).
 */
export function isShaped(layout: Layout): boolean {
  if (layout.tensors.length !== 1) return true;
  const [t] = layout.tensors;
  return t.shape.length !== 1 || Object.keys(layout.groups[t.group] ?? {}).length > 0;
}

/** The layout as `init` carries it in version 2: the tensors in layout order and each group's overrides, in optspec's names. */
export function layoutMessage(layout: Layout): { tensors: object[]; groups: object[] } {
  return {
    tensors: layout.tensors.map(({ name, offset, shape, group }) => ({ name, offset, shape: [...shape], group })),
    groups: layout.groups.map((g) => ({ ...g })),
  };
}

export interface HostOptions extends ChannelOptions {
  /** Seconds one step (or init, save, load) may take before the process is killed. Default 10. */
  readonly stepTimeout?: number;
  /** Seconds the process may take to start and answer the handshake. Default 60. */
  readonly startTimeout?: number;
  /**
   * The gate's record of faults (hangs, deaths, protocol violations), when a
   * check runs: after one, calls fail at once until the next expectation,
   * and after the ledger's limit the process is not started again.
   */
  readonly faults?: FaultLedger;
}

export interface Hello {
  /** The version the adapter chose from those optspec offered: 1 or 2. */
  readonly version: number;
  readonly name: string;
  /** Optional operations the child implements: "save", "load", and in version 2 "train", "eval". */
  readonly supports: readonly string[];
  /**
   * The hyperparameters it takes, in optspec's names, where it can tell (the
   * PyTorch adapter reads the class's signature); absent: it may take any.
   */
  readonly takes?: readonly string[];
}

/** One optimizer instance living in the child. */
export interface Instance {
  readonly id: number;
  readonly generation: number;
  readonly dim: number;
  readonly layout: Layout;
}

/**
 * One external optimizer process, started on first use and shared by every
 * optimizer made from the same command: each `init` creates an instance in
 * the child (an id), so a run, or several interleaved runs, never restart it.
 * After a failure the next `init` starts a fresh process (a new generation);
 * instances of the dead one refuse to step.
 */
export class Host {
  private channel: Channel | null = null;
  private hello: Hello | null = null;
  private generation = 0;
  private nextId = 1;
  private drops: number[] = [];
  private readonly stepMs: number;
  private readonly startMs: number;
  private readonly collected = new FinalizationRegistry<{ generation: number; id: number }>((held) => {
    if (held.generation === this.generation) this.drops.push(held.id);
  });

  constructor(readonly command: string, private readonly options: HostOptions = {}) {
    this.stepMs = 1000 * (options.stepTimeout ?? 10);
    this.startMs = 1000 * (options.startTimeout ?? 60);
  }

  /** Start the process when none is running and return its handshake. */
  connect(): Hello {
    if (this.channel?.alive && this.hello) return this.hello;
    this.guard('handshake');
    this.channel = new Channel(this.command, this.options);
    this.generation++;
    this.hello = null;
    this.drops = [];
    const reply = this.ask(HELLO, 'handshake', this.startMs, true);
    const { version, name, supports, takes } = reply;
    if (!PROTOCOL_VERSIONS.includes(version as number)) {
      this.violate(this.channel, 'handshake', `speaks protocol version ${JSON.stringify(version)}; optspec speaks ${PROTOCOL_VERSIONS.join(' and ')}`);
    }
    if (typeof name !== 'string' || !Array.isArray(supports) || !supports.every((s) => typeof s === 'string')) {
      this.violate(this.channel, 'handshake', 'the reply needs "name" (a string) and "supports" (an array of strings)');
    }
    if (takes !== undefined && !(Array.isArray(takes) && takes.every((s) => typeof s === 'string'))) {
      this.violate(this.channel, 'handshake', '"takes", when given, must be an array of hyperparameter names');
    }
    const hello: Hello = { version: version as number, name: name as string, supports: supports as string[], ...(takes === undefined ? {} : { takes: takes as string[] }) };
    this.hello = hello;
    return hello;
  }

  /**
   * Create an optimizer instance for `dim` parameters in `layout` (version 2
   * sends it; version 1 has only the flat vector, and refuses a shaped one in
   * one line). A refusal by the child (e.g. an unknown hyperparameter) throws
   * without killing the process.
   */
  init(dim: number, hyper: Readonly<Record<string, number | boolean>>, owner: object, layout: Layout = flatLayout(dim)): Instance {
    const { version } = this.connect();
    const at = `init (dim ${dim}, hyper ${JSON.stringify(hyper)})`;
    if (version === 1 && isShaped(layout)) {
      const groups = layout.groups.length;
      this.refuseV1(at, `a layout of ${layout.tensors.length} tensor(s) in ${groups} group(s) (${layout.tensors.map((t) => `${t.name} [${t.shape.join('×')}]`).join(', ')})`);
    }
    const id = this.nextId++;
    this.ask({ op: 'init', id, dim, hyper, ...(version === 1 ? {} : { layout: layoutMessage(layout) }) }, at, this.stepMs, false);
    const instance = { id, generation: this.generation, dim, layout };
    this.collected.register(owner, { generation: this.generation, id });
    return instance;
  }

  /**
   * One step: params are replaced in place by the child's new parameters.
   * `missing` (indices into the layout's tensors, version 2 only) are the
   * tensors without a gradient this step.
   */
  step(instance: Instance, params: Float64Array, grad: Float64Array, step: number, missing: readonly number[] = []): void {
    const at = `step ${step}`;
    const channel = this.live(instance, at);
    const version = this.hello!.version;
    if (version === 1 && missing.length > 0) this.refuseV1(at, `a step without the gradient of ${missing.map((i) => instance.layout.tensors[i]?.name ?? `tensor ${i}`).join(', ')}`);
    const message = { op: 'step', id: instance.id, step, params: encodeVector(params), grad: encodeVector(grad), ...(version === 1 ? {} : { missing }) };
    const reply = this.ask(message, at, this.stepMs, true);
    const wrong = decodeVectorInto(reply.params, params);
    if (wrong) this.violate(channel, at, `"params" in the reply: ${wrong}`);
    // A gradient the optimizer changed in place comes back, so the caller's copy changes as it would in-process.
    if (reply.grad !== undefined) {
      const bad = decodeVectorInto(reply.grad, grad);
      if (bad) this.violate(channel, at, `"grad" in the reply: ${bad}`);
    }
  }

  /** Version 2's `train`/`eval`: the child switches the parameters between y and x (Schedule-Free), replaced in place. */
  mode(instance: Instance, op: 'train' | 'eval', params: Float64Array, step: number): void {
    const at = `${op}() after step ${step}`;
    const channel = this.live(instance, at);
    const reply = this.ask({ op, id: instance.id, params: encodeVector(params) }, at, this.stepMs, true);
    const wrong = decodeVectorInto(reply.params, params);
    if (wrong) this.violate(channel, at, `"params" in the reply: ${wrong}`);
  }

  /** Every group's lr multiplied by `factor` (version 2, when the child supports "scale-lr"). */
  scaleLr(instance: Instance, factor: number, step: number): void {
    if (!(Number.isFinite(factor) && factor >= 0)) throw new InputError('scaleLr(factor)', factor, 'expected a finite number ≥ 0');
    const at = `scale-lr after step ${step}`;
    this.live(instance, at);
    this.ask({ op: 'scale-lr', id: instance.id, factor }, at, this.stepMs, true);
  }

  save(instance: Instance, step: number): unknown {
    this.live(instance, `save after step ${step}`);
    return this.ask({ op: 'save', id: instance.id }, `save after step ${step}`, this.stepMs, true).state;
  }

  load(instance: Instance, state: unknown, step: number): void {
    this.live(instance, `load at step ${step}`);
    this.ask({ op: 'load', id: instance.id, state }, `load at step ${step}`, this.stepMs, true);
  }

  supports(op: string): boolean {
    return this.connect().supports.includes(op);
  }

  /** What version 1 cannot carry: one line naming the command, and the process lives on (nothing was sent). */
  private refuseV1(at: string, what: string): never {
    throw new ProtocolError(this.command, at, `the adapter speaks protocol 1, which carries one flat vector with every gradient; ${what} needs protocol 2`);
  }

  get pid(): number {
    return this.channel?.pid ?? 0;
  }

  /** Ask the child to close, give it a moment to exit, then make sure its process group is gone. */
  close(): void {
    const channel = this.channel;
    this.channel = null;
    this.hello = null;
    if (!channel?.alive) return;
    try {
      channel.request({ op: 'close' }, 'close', 2000);
      channel.awaitExit(2000);
    } catch {
      // Closing is best effort; the kill below is not.
    }
    channel.kill();
  }

  /** A reply that breaks the protocol: kill the process, and count it as the adapter's fault. */
  private violate(channel: Channel, at: string, what: string): never {
    try {
      channel.fail(at, what);
    } catch (err) {
      this.options.faults?.record((err as Error).message);
      throw err;
    }
  }

  /** Refuse at once while the ledger says this expectation, or the adapter, is lost. */
  private guard(at: string): void {
    const refusal = this.options.faults?.refusal();
    if (refusal) throw new ProtocolError(this.command, at, refusal);
  }

  private live(instance: Instance, at: string): Channel {
    this.guard(at);
    if (instance.generation !== this.generation || !this.channel?.alive) {
      throw new ProtocolError(this.command, at, 'the process that held this optimizer has ended (an earlier error killed it); make a new optimizer');
    }
    return this.channel;
  }

  /** A request; `ok: false` throws the child's error, killing the process when its state can no longer be trusted. */
  private ask(message: object, at: string, timeoutMs: number, killOnRefusal: boolean): Record<string, unknown> {
    const channel = this.channel!;
    this.guard(at);
    if (this.drops.length > 0 && 'id' in message) {
      const ids = this.drops;
      this.drops = [];
      this.ask({ op: 'drop', ids }, at, timeoutMs, true);
    }
    let reply: Record<string, unknown>;
    try {
      reply = channel.request(message, at, timeoutMs);
    } catch (err) {
      // A hang, a death or a line that is not the protocol: the adapter's fault, not the optimizer's arithmetic.
      if (err instanceof ProtocolError) this.options.faults?.record(err.message);
      throw err;
    }
    if (reply.ok === true) return reply;
    const what = `the optimizer refused: ${typeof reply.error === 'string' ? reply.error : JSON.stringify(reply)}`;
    if (killOnRefusal) channel.fail(at, what);
    throw new ProtocolError(this.command, at, what);
  }
}
