import { Channel, type ChannelOptions } from './channel.ts';
import { ProtocolError } from './error.ts';
import { encodeVector, decodeVectorInto } from './codec.ts';
import type { FaultLedger } from './fault-ledger.ts';

/** The protocol version this client speaks (docs/protocol.md). */
export const PROTOCOL_VERSION = 1;

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
  readonly version: number;
  readonly name: string;
  /** Optional operations the child implements: "save", "load". */
  readonly supports: readonly string[];
}

/** One optimizer instance living in the child. */
export interface Instance {
  readonly id: number;
  readonly generation: number;
  readonly dim: number;
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
    const reply = this.ask({ op: 'hello', version: PROTOCOL_VERSION }, 'handshake', this.startMs, true);
    const { version, name, supports } = reply;
    if (version !== PROTOCOL_VERSION) this.violate(this.channel, 'handshake', `speaks protocol version ${JSON.stringify(version)}; optspec speaks ${PROTOCOL_VERSION}`);
    if (typeof name !== 'string' || !Array.isArray(supports) || !supports.every((s) => typeof s === 'string')) {
      this.violate(this.channel, 'handshake', 'the reply needs "name" (a string) and "supports" (an array of strings)');
    }
    const hello: Hello = { version: PROTOCOL_VERSION, name: name as string, supports: supports as string[] };
    this.hello = hello;
    return hello;
  }

  /** Create an optimizer instance for `dim` parameters; a refusal (e.g. an unknown hyperparameter) throws without killing the process. */
  init(dim: number, hyper: Readonly<Record<string, number | boolean>>, owner: object): Instance {
    this.connect();
    const id = this.nextId++;
    this.ask({ op: 'init', id, dim, hyper }, `init (dim ${dim}, hyper ${JSON.stringify(hyper)})`, this.stepMs, false);
    const instance = { id, generation: this.generation, dim };
    this.collected.register(owner, { generation: this.generation, id });
    return instance;
  }

  /** One step: params are replaced in place by the child's new parameters. */
  step(instance: Instance, params: Float64Array, grad: Float64Array, step: number): void {
    const at = `step ${step}`;
    const channel = this.live(instance, at);
    const reply = this.ask({ op: 'step', id: instance.id, step, params: encodeVector(params), grad: encodeVector(grad) }, at, this.stepMs, true);
    const wrong = decodeVectorInto(reply.params, params);
    if (wrong) this.violate(channel, at, `"params" in the reply: ${wrong}`);
    // A gradient the optimizer changed in place comes back, so the caller's copy changes as it would in-process.
    if (reply.grad !== undefined) {
      const bad = decodeVectorInto(reply.grad, grad);
      if (bad) this.violate(channel, at, `"grad" in the reply: ${bad}`);
    }
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
