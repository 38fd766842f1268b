/**
 * A user's optimizer module, run in a worker thread that the gate can stop:
 * `optspec check --optimizer file.ts#export` calls the maker, the factory and
 * every step synchronously, as the expectations expect, but each call has a
 * time budget, and a call over it terminates the worker and becomes one line
 * naming the call ("step 3 did not return within 10 s"), not a hang. So does
 * a call of process.exit and a step that returns a Promise. Under the
 * FaultLedger's rule the next expectation gets a fresh worker.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { Optimizer, OptimizerFactory, OptimizerState } from '../../optimizers/optimizer.ts';
import type { Maker } from '../families.ts';
import { InputError } from '../../validate/input-error.ts';
import { FaultLedger } from '../../protocol/fault-ledger.ts';
import { OP, SANDBOX_WORKER_SOURCE, SLOT, STATUS } from './worker-source.ts';

export interface SandboxOptions {
  /** Seconds one call of the user's code (maker, factory, step, save, load, state) may take. Default 10. */
  readonly stepTimeout?: number;
  /** Seconds the worker may take to start and load the module. Default 60. */
  readonly startTimeout?: number;
}

type Reply = Record<string, unknown>;
type Thrown = { error?: { name: string; message: string }; value?: unknown };
interface Shape { state: boolean; save: boolean; load: boolean; train: boolean; eval: boolean; scaleLr: boolean }

/** Thrown when the sandbox refuses a call: the fault is already in the ledger, and the gate reports it. */
export class SandboxFault extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxFault';
  }
}

/** tsx's ESM API by file URL: the worker imports it without resolving from the user's folder. */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('tsx/package.json');
  const entry = (JSON.parse(readFileSync(pkg, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api'].import.default;
  return pathToFileURL(join(dirname(pkg), entry)).href;
}

/** optspec's own loadModule, from the sources (.ts, through tsx) or the build (.js). */
function loadModuleUrl(): string {
  const here = fileURLToPath(import.meta.url);
  return pathToFileURL(resolve(dirname(here), `../../cli/load-module${here.endsWith('.ts') ? '.ts' : '.js'}`)).href;
}

const seconds = (ms: number) => `${ms / 1000} s`;

export class Sandbox {
  readonly ledger = new FaultLedger("the optimizer's worker");
  private worker: Worker | null = null;
  private port!: MessagePort;
  private ctl!: Int32Array;
  private data: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private generation = 0;
  private nextId = 1;
  private drops: number[] = [];
  private dropFactories: number[] = [];
  private readonly stepMs: number;
  private readonly startMs: number;
  private readonly collected = new FinalizationRegistry<{ generation: number; id: number; factory: boolean }>((held) => {
    if (held.generation === this.generation) (held.factory ? this.dropFactories : this.drops).push(held.id);
  });

  constructor(readonly file: string, readonly exportName: string, options: SandboxOptions = {}) {
    this.stepMs = 1000 * (options.stepTimeout ?? 10);
    this.startMs = 1000 * (options.startTimeout ?? 60);
  }

  /**
   * Start the worker and load the module; a module that cannot be loaded, or
   * whose export is not a function, is bad input (InputError), as before.
   */
  /** The options the module declares its optimizer lacks (`export const without = […]`), if it does. */
  without: readonly string[] = [];

  open(): void {
    if (!existsSync(resolve(this.file))) throw new InputError('--optimizer', this.file, 'no such file');
    let ready: Reply;
    try {
      ready = this.start();
    } catch (err) {
      // A module that exits or hangs while it loads is bad input too: one line, exit 2.
      if (err instanceof SandboxFault) throw new InputError('--optimizer', this.file, `could not be loaded: ${err.message}`);
      throw err;
    }
    if (ready.without !== undefined) {
      if (!Array.isArray(ready.without)) {
        this.close();
        const given = (ready.without as { notList?: { value?: unknown } }).notList;
        throw new InputError(`${this.file}#without`, given && 'value' in given ? given.value : given, 'expected an array of option names, as --without takes them');
      }
      this.without = ready.without as string[];
    }
    if (!ready.isFunction) {
      this.close();
      const exports = (ready.exports as string[]).join(', ');
      throw new InputError('--optimizer', `${this.file}#${this.exportName}`, `expected the export to be a function (hyper) => OptimizerFactory; exports: ${exports || 'none'}`);
    }
  }

  /** The maker the expectations call: every call runs in the worker. */
  get maker(): Maker {
    return (hyper) => this.make(hyper as Readonly<Record<string, unknown>>);
  }

  /** Stop the worker (the check is over). */
  close(): void {
    const w = this.worker;
    this.worker = null;
    if (w) void w.terminate();
  }

  private start(): Reply {
    this.close();
    this.generation++;
    this.drops = [];
    this.dropFactories = [];
    this.ctl = new Int32Array(new SharedArrayBuffer(4 * 8));
    this.data = new Float64Array(0);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.port.unref();
    this.worker = new Worker(SANDBOX_WORKER_SOURCE, {
      eval: true,
      workerData: { ctlBuffer: this.ctl.buffer, port: port2, tsxApi: tsxEsmApi(), loadModuleUrl: loadModuleUrl(), file: this.file, exportName: this.exportName, SLOT, OP, STATUS },
      transferList: [port2],
      stdout: false,
      stderr: false,
    });
    this.worker.unref();
    this.await('loading the module', 1, this.startMs, 'start');
    const ready = this.reply();
    if (!ready.ok) {
      this.close();
      const t = ready.thrown as Thrown | undefined;
      // loadModule's own InputError ("could not be loaded: …") keeps its line.
      if (t?.error?.name === 'InputError') throw Object.assign(new InputError('--optimizer', this.file, ''), { message: t.error.message });
      throw new InputError('--optimizer', this.file, `could not be loaded: ${t?.error?.message ?? String(t?.value)}`);
    }
    return ready;
  }

  /** A worker for this call: the current one, or a fresh one after a fault ended the last. */
  private live(at: string, generation?: number): void {
    const refusal = this.ledger.refusal();
    if (refusal) throw new SandboxFault(refusal);
    if (generation !== undefined && generation !== this.generation) {
      throw new SandboxFault(`${at}: the worker that held this optimizer was stopped by an earlier fault; make a new optimizer`);
    }
    if (!this.worker) this.start();
  }

  /** Wait for reply number `expected` (ctl[RESP] reaching it); a fault is recorded and thrown. */
  private await(at: string, expected: number, budgetMs: number, what: 'start' | 'call'): void {
    const deadline = performance.now() + budgetMs;
    for (;;) {
      const resp = Atomics.load(this.ctl, SLOT.RESP);
      if (resp >= expected) break;
      if (Atomics.load(this.ctl, SLOT.EXITED)) {
        this.fault(`${at}: the optimizer called process.exit(${Atomics.load(this.ctl, SLOT.EXIT_CODE)}), which ended its worker`);
      }
      const left = deadline - performance.now();
      if (left <= 0) {
        this.fault(what === 'start' ? `${at} did not finish within ${seconds(budgetMs)} (--start-timeout)` : `${at} did not return within ${seconds(budgetMs)}; its worker was stopped`);
      }
      Atomics.wait(this.ctl, SLOT.RESP, resp, left);
    }
  }

  /** The reply a call posted (before ctl[RESP] moved, so it is there to receive). */
  private reply(): Reply {
    return (receiveMessageOnPort(this.port)?.message as Reply | undefined) ?? {};
  }

  private fault(line: string, strike = true): never {
    if (strike) this.close();
    this.ledger.record(line, strike);
    throw new SandboxFault(line);
  }

  private request(message: Reply, at: string): Reply {
    if (this.drops.length || this.dropFactories.length) {
      message = { ...message, drop: this.drops, dropFactories: this.dropFactories };
      this.drops = [];
      this.dropFactories = [];
    }
    Atomics.store(this.ctl, SLOT.OP, OP.MESSAGE);
    this.port.postMessage(message);
    this.send(at);
    const reply = this.reply();
    if (reply.thrown) throw rethrow(reply.thrown as Thrown);
    if (reply.promise) this.fault(`${at} returned a Promise: an optimizer's methods must be synchronous`, false);
    if (reply.unclonable) throw new SandboxFault(`${at} returned a value that cannot leave the worker (${reply.unclonable})`);
    return reply;
  }

  private send(at: string): void {
    const expected = Atomics.load(this.ctl, SLOT.RESP) + 1;
    Atomics.add(this.ctl, SLOT.REQ, 1);
    Atomics.notify(this.ctl, SLOT.REQ);
    this.await(at, expected, this.stepMs, 'call');
  }

  private make(hyper: Readonly<Record<string, unknown>>): OptimizerFactory {
    const at = `${this.exportName}(${JSON.stringify(hyper)})`;
    this.live(at);
    const id = this.nextId++;
    const reply = this.request({ op: 'make', id, hyper }, at);
    if (reply.notFactory) throw new InputError(at, shown(reply.notFactory), 'expected an OptimizerFactory: a function of the parameter count');
    const generation = this.generation;
    const factory = Object.assign((dim: number, layout?: unknown) => this.init(id, generation, dim, layout), {
      optimizerName: typeof reply.name === 'string' ? reply.name : this.exportName,
      hyper: (reply.hyper ?? hyper) as OptimizerFactory['hyper'],
      // Whether the user's factory takes a layout: the gate's shaped contracts check only those.
      layouts: reply.layouts === true,
    }) as OptimizerFactory;
    this.collected.register(factory, { generation, id, factory: true });
    return factory;
  }

  private init(factory: number, generation: number, dim: number, layout: unknown): Optimizer {
    const at = `${this.exportName}(…)(${dim})`;
    this.live(at, generation);
    const id = this.nextId++;
    const reply = this.request({ op: 'init', factory, id, dim, ...(layout === undefined ? {} : { layout }) }, at);
    if (reply.notOptimizer) throw new InputError(at, shown(reply.notOptimizer), 'expected an optimizer with a step(params, grad) method');
    const shape = reply.shape as Shape;
    let steps = 0;
    const fast = (op: number, name: string, params: Float64Array, grad?: Float64Array, missing?: ReadonlySet<number>) => {
      this.live(name, generation);
      if (params.length !== dim || (grad && grad.length !== dim)) {
        throw new RangeError(`${this.exportName}: made for ${dim} parameters, called with ${params.length} parameters${grad ? ` and ${grad.length} gradient values` : ''}`);
      }
      // The tensors without a gradient travel after params and grad, as numbers.
      const without = missing && missing.size > 0 ? [...missing] : [];
      if (this.data.length < 2 * dim + without.length) this.grow(2 * dim + without.length, name);
      this.data.set(params, 0);
      if (grad) this.data.set(grad, dim);
      this.data.set(without, 2 * dim);
      Atomics.store(this.ctl, SLOT.MISSING, without.length);
      Atomics.store(this.ctl, SLOT.OP, op);
      Atomics.store(this.ctl, SLOT.TARGET, id);
      this.send(name);
      const status = Atomics.load(this.ctl, SLOT.STATUS);
      // Only a throw posts a message: a step's reply is the shared buffer alone.
      if (status === STATUS.THREW) throw rethrow(this.reply().thrown as Thrown);
      if (status === STATUS.PROMISE) this.fault(`${name} returned a Promise: an optimizer's ${name.split(' ')[0]} must be synchronous`, false);
      params.set(this.data.subarray(0, dim));
      // As in-process: a step that writes into its gradient changes the caller's.
      if (grad) grad.set(this.data.subarray(dim, 2 * dim));
    };
    const call = (op: string, name: string, extra: Reply = {}): Reply => {
      this.live(name, generation);
      return this.request({ op, id, ...extra }, name);
    };
    const optimizer: Optimizer = {
      step: (params, grad, missing) => fast(OP.STEP, `step ${++steps}`, params, grad, missing),
    };
    if (shape.state) optimizer.state = () => call('state', `state() after step ${steps}`).value as ReturnType<NonNullable<Optimizer['state']>>;
    if (shape.save) optimizer.save = () => call('save', `save() after step ${steps}`).value as OptimizerState;
    if (shape.load) optimizer.load = (state) => void call('load', `load() at step ${steps}`, { state });
    if (shape.scaleLr) optimizer.scaleLr = (factor) => void call('scaleLr', `scaleLr() after step ${steps}`, { factor });
    if (shape.train) optimizer.train = (params) => fast(OP.TRAIN, `train() after step ${steps}`, params);
    if (shape.eval) optimizer.eval = (params) => fast(OP.EVAL, `eval() after step ${steps}`, params);
    this.collected.register(optimizer, { generation, id, factory: false });
    return optimizer;
  }

  /** A larger shared buffer for the vectors, handed to the worker once. */
  private grow(length: number, at: string): void {
    const buffer = new SharedArrayBuffer(8 * Math.max(length, 2 * this.data.length));
    this.request({ op: 'buffer', buffer }, at);
    this.data = new Float64Array(buffer);
  }
}

/** What the user's code threw, thrown again here: an Error with its name and message, anything else as itself. */
function rethrow(t: Thrown): unknown {
  if (t.error) return Object.assign(new Error(t.error.message), { name: t.error.name });
  return t.value;
}

function shown(c: unknown): unknown {
  const r = c as { value?: unknown; unclonable?: string };
  return 'value' in r ? r.value : `a value that cannot be copied (${r.unclonable})`;
}
