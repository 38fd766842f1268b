import { defineOptimizer, type Hyper, type Optimizer, type OptimizerFactory } from '../optimizers/optimizer.ts';
import { InputError } from '../validate/input-error.ts';
import { layoutFor } from '../optimizers/layout.ts';
import { Host, type HostOptions, type Hello } from './host.ts';

export interface CommandOptions extends HostOptions {
  /** The name in traces and reports (default: the name the child gives in its handshake). */
  readonly name?: string;
}

/** What `save` returns: the step count, and a handle on the child's opaque state, which optspec keeps. */
export type SavedCommandState = { readonly step: number; readonly saved: number };

/**
 * An optimizer stepped by an external process. `save`/`load` exist when the
 * child supports them, `train`/`eval` when it speaks protocol 2 and supports them.
 */
export interface CommandOptimizer extends Optimizer {
  /** The state after the steps so far: pass it to `load` of an optimizer from the same command, in this process. */
  save?(): SavedCommandState;
  load?(state: Readonly<Record<string, unknown>>): void;
}

const hosts = new Map<string, Host>();
/** The children's saved states, opaque to optspec, by handle: a saved state stays plain numbers, like a reference optimizer's. */
const savedStates = new Map<number, unknown>();

/** The running process for a command, shared by every optimizer made from it. */
function hostFor(command: string, options: HostOptions): Host {
  const key = JSON.stringify([command, options.cwd ?? process.cwd(), options.env ?? {}, options.stepTimeout, options.startTimeout]);
  let host = hosts.get(key);
  if (!host) hosts.set(key, (host = new Host(command, options)));
  return host;
}

/**
 * Start the command's process and handshake now, before anything is asked
 * of it: `optspec check --command` calls this first, so that a command that
 * cannot start or does not speak the protocol is one line (a ProtocolError)
 * before any expectation runs. Later optimizers from the same command and
 * options share the process.
 */
export function startCommand(command: string, options: HostOptions = {}): Hello {
  if (typeof command !== 'string' || command.trim() === '') throw new InputError('command', command, 'expected a shell command that starts the optimizer');
  return hostFor(command, options).connect();
}

/** Stop every external optimizer process (they are also stopped when optspec exits). */
export function closeCommands(): void {
  for (const host of hosts.values()) host.close();
  hosts.clear();
}

function checkHyper(hyper: Readonly<Record<string, unknown>>): Hyper {
  for (const [k, v] of Object.entries(hyper)) {
    if (typeof v !== 'boolean' && (typeof v !== 'number' || !Number.isFinite(v))) {
      throw new InputError(`optimizer.${k}`, v, 'expected a finite number or true/false');
    }
  }
  return hyper as Hyper;
}

/**
 * An OptimizerFactory for an optimizer in another language, speaking
 * optspec's stepping protocol (docs/protocol.md) on stdin/stdout:
 *
 * ```ts
 * const adam = commandOptimizer('python3 python/optspec_torch.py torch.optim.Adam', { lr: 0.01 });
 * const trace = runTrace({ problem, optimizer: adam, init, steps: 100 });
 * ```
 *
 * The process starts when the factory is made (the handshake gives the
 * optimizer's name) and serves every optimizer made from the same command;
 * each factory call creates a fresh instance in it, with the given
 * hyperparameters in optspec's names, and the layout when one is given
 * (protocol 2; an adapter that speaks only protocol 1 takes flat layouts alone).
 */
export function commandOptimizer(command: string, hyper: Readonly<Record<string, number | boolean>> = {}, options: CommandOptions = {}): OptimizerFactory {
  if (typeof command !== 'string' || command.trim() === '') throw new InputError('command', command, 'expected a shell command that starts the optimizer');
  const given = checkHyper(hyper);
  const host = hostFor(command, options);
  const hello = host.connect();
  const factory = defineOptimizer(options.name ?? hello.name, given, (dim, layout) => {
    const tensors = layoutFor(dim, layout).tensors.length;
    const optimizer: CommandOptimizer = {
      step(params, grad, missing) {
        if (params.length !== dim || grad.length !== dim) {
          throw new RangeError(`${hello.name}: made for ${dim} parameters, stepped with ${params.length} parameters and ${grad.length} gradient values`);
        }
        const without = missing && missing.size > 0 ? [...missing].sort((a, b) => a - b) : [];
        const stray = without.find((i) => !Number.isInteger(i) || i < 0 || i >= tensors);
        if (stray !== undefined) throw new InputError('step(missing)', stray, `expected indices of the layout's ${tensors} tensor(s)`);
        host.step(instance, params, grad, ++step, without);
      },
    };
    let step = 0;
    const instance = host.init(dim, given, optimizer, layoutFor(dim, layout));
    if (host.connect().version >= 2) {
      if (host.supports('train')) optimizer.train = (params) => host.mode(instance, 'train', checked(params), step);
      if (host.supports('eval')) optimizer.eval = (params) => host.mode(instance, 'eval', checked(params), step);
      if (host.supports('scale-lr')) optimizer.scaleLr = (factor) => host.scaleLr(instance, factor, step);
    }
    const checked = (params: Float64Array) => {
      if (params.length !== dim) throw new RangeError(`${hello.name}: made for ${dim} parameters, called with ${params.length}`);
      return params;
    };
    if (host.supports('save') && host.supports('load')) {
      optimizer.save = () => {
        const saved = savedStates.size + 1;
        savedStates.set(saved, host.save(instance, step));
        return { step, saved };
      };
      optimizer.load = (state) => {
        const { step: at, saved } = state;
        if (typeof at !== 'number' || typeof saved !== 'number' || !savedStates.has(saved)) {
          throw new InputError('load(state)', state, 'expected what save() of an optimizer from this command returned');
        }
        host.load(instance, savedStates.get(saved), at);
        step = at;
      };
    }
    return optimizer;
  });
  // Only a protocol-2 adapter takes a layout: the gate's shaped contracts list a protocol-1 one as not checked.
  return Object.assign(factory, { layouts: hello.version >= 2 });
}

export interface MakerOptions extends CommandOptions {
  /** Send only these hyperparameters (the family's), dropping others a caller adds. Default: send all. */
  readonly hyperKeys?: readonly string[];
}

/**
 * A maker for `optspec check --command`: `(hyper) => OptimizerFactory`, every
 * factory served by one process, so a full check starts the child once.
 * `hyper` is any object of numbers and booleans (the gate's CheckHyper);
 * fields that are undefined are left out.
 */
export function commandMaker(command: string, options: MakerOptions = {}): (hyper: object) => OptimizerFactory {
  const { hyperKeys, ...rest } = options;
  return (hyper) => {
    const sent = Object.entries(hyper).filter(([k, v]) => v !== undefined && (!hyperKeys || hyperKeys.includes(k)));
    return commandOptimizer(command, Object.fromEntries(sent), rest);
  };
}
