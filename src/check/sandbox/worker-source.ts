// The thread a user's optimizer module runs in for `optspec check
// --optimizer`, so that a step that never returns, or calls process.exit,
// can be stopped without stopping the gate (./sandbox.ts drives it).
//
// It loads the module (through optspec's own loadModule, so that errors read
// as they do everywhere else), then serves requests synchronously: the main
// thread writes a request and bumps ctl[REQ]; this thread, blocked in
// Atomics.wait, answers and bumps ctl[RESP]. A step moves its vectors through
// a shared Float64Array (params, then grad), with no message at all; the other
// operations (make, init, save, load, state) are messages on a port read with
// receiveMessageOnPort. Like ../../protocol/pipe-worker.ts it is a string run
// with `eval: true`, so it loads the same from the sources and from dist/.
// A step's missing tensors (their indices in the layout) follow params and grad
// in the shared buffer; ctl[MISSING] says how many there are.
export const SLOT = { REQ: 0, RESP: 1, OP: 2, TARGET: 3, STATUS: 4, EXITED: 5, EXIT_CODE: 6, MISSING: 7 } as const;
export const OP = { MESSAGE: 0, STEP: 1, TRAIN: 2, EVAL: 3 } as const;
export const STATUS = { OK: 0, THREW: 1, PROMISE: 2 } as const;

export const SANDBOX_WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { ctlBuffer, port, tsxApi, loadModuleUrl, file, exportName, SLOT, OP, STATUS } = workerData;
const ctl = new Int32Array(ctlBuffer);
let data = new Float64Array(0);
const factories = new Map();
const optimizers = new Map();

// process.exit in a worker ends only the worker: say so to the waiting thread.
process.on('exit', (code) => {
  Atomics.store(ctl, SLOT.EXIT_CODE, code | 0);
  Atomics.store(ctl, SLOT.EXITED, 1);
  Atomics.notify(ctl, SLOT.RESP);
});

function answer(message) {
  if (message !== undefined) port.postMessage(message);
  Atomics.add(ctl, SLOT.RESP, 1);
  Atomics.notify(ctl, SLOT.RESP);
}

// What was thrown, in a form that crosses threads: an Error as its name and
// message, anything else as itself when it can be cloned.
function thrown(err) {
  if (err instanceof Error) return { thrown: { error: { name: err.name, message: String(err.message) } } };
  try {
    return { thrown: { value: structuredClone(err) } };
  } catch {
    return { thrown: { value: String(err) } };
  }
}

const isPromise = (r) => r !== null && (typeof r === 'object' || typeof r === 'function') && typeof r.then === 'function';
// A returned Promise is refused; its rejection, if any, must not end the worker.
const swallow = (r) => { try { r.then(undefined, () => {}); } catch {} };

function clone(value) {
  try {
    return { value: structuredClone(value) };
  } catch (err) {
    return { unclonable: String(err && err.message ? err.message : err) };
  }
}

function shape(opt) {
  return { state: typeof opt.state === 'function', save: typeof opt.save === 'function', load: typeof opt.load === 'function', train: typeof opt.train === 'function', eval: typeof opt.eval === 'function', scaleLr: typeof opt.scaleLr === 'function' };
}

function handle(maker, m) {
  for (const id of m.drop || []) optimizers.delete(id);
  for (const id of m.dropFactories || []) factories.delete(id);
  switch (m.op) {
    case 'buffer':
      data = new Float64Array(m.buffer);
      return { ok: true };
    case 'make': {
      const factory = maker(m.hyper);
      if (typeof factory !== 'function') return { notFactory: clone(factory) };
      factories.set(m.id, factory);
      const named = typeof factory.optimizerName === 'string' ? factory.optimizerName : null;
      const hyper = clone(factory.hyper);
      return { ok: true, name: named, hyper: 'value' in hyper ? hyper.value : undefined, layouts: factory.layouts === true };
    }
    case 'init': {
      const opt = m.layout === undefined ? factories.get(m.factory)(m.dim) : factories.get(m.factory)(m.dim, m.layout);
      if (!opt || typeof opt.step !== 'function') return { notOptimizer: clone(opt) };
      optimizers.set(m.id, { opt, params: new Float64Array(m.dim), grad: new Float64Array(m.dim) });
      return { ok: true, shape: shape(opt) };
    }
    case 'state': case 'save': {
      const r = optimizers.get(m.id).opt[m.op]();
      if (isPromise(r)) { swallow(r); return { promise: true }; }
      const c = clone(r);
      return 'value' in c ? { ok: true, value: c.value } : { unclonable: c.unclonable };
    }
    case 'load': case 'scaleLr': {
      const o = optimizers.get(m.id).opt;
      const r = m.op === 'load' ? o.load(m.state) : o.scaleLr(m.factor);
      if (isPromise(r)) { swallow(r); return { promise: true }; }
      return { ok: true };
    }
  }
  return { unknown: m.op };
}

// step, train and eval: the vectors are in the shared buffer, nothing is posted unless it threw.
function fast(op, id) {
  const o = optimizers.get(id);
  const dim = o.params.length;
  o.params.set(data.subarray(0, dim));
  let r;
  if (op === OP.STEP) {
    o.grad.set(data.subarray(dim, 2 * dim));
    const n = Atomics.load(ctl, SLOT.MISSING);
    r = n === 0 ? o.opt.step(o.params, o.grad) : o.opt.step(o.params, o.grad, new Set(data.subarray(2 * dim, 2 * dim + n)));
  } else r = op === OP.TRAIN ? o.opt.train(o.params) : o.opt.eval(o.params);
  if (isPromise(r)) { swallow(r); return STATUS.PROMISE; }
  data.set(o.params, 0);
  // A gradient changed in place goes back too: the gate checks that step() leaves it alone.
  if (op === OP.STEP) data.set(o.grad, dim);
  return STATUS.OK;
}

function serve(maker) {
  let served = 0;
  for (;;) {
    Atomics.wait(ctl, SLOT.REQ, served);
    if (Atomics.load(ctl, SLOT.REQ) === served) continue;
    served++;
    const op = Atomics.load(ctl, SLOT.OP);
    if (op === OP.MESSAGE) {
      const got = receiveMessageOnPort(port);
      let reply;
      try {
        reply = handle(maker, got.message);
      } catch (err) {
        reply = thrown(err);
      }
      answer(reply);
    } else {
      let status;
      let reply;
      try {
        status = fast(op, Atomics.load(ctl, SLOT.TARGET));
      } catch (err) {
        status = STATUS.THREW;
        reply = thrown(err);
      }
      Atomics.store(ctl, SLOT.STATUS, status);
      answer(reply);
    }
  }
}

(async () => {
  let mod;
  try {
    const loader = loadModuleUrl.endsWith('.ts') ? await (await import(tsxApi)).tsImport(loadModuleUrl, loadModuleUrl) : await import(loadModuleUrl);
    mod = await loader.loadModule(file);
  } catch (err) {
    answer(thrown(err));
    return;
  }
  const maker = mod[exportName];
  // export const without = ['amsgrad', …]: the options the module's optimizer lacks, as --without says them.
  const without = Array.isArray(mod.without) && mod.without.every((o) => typeof o === 'string') ? mod.without : mod.without === undefined ? undefined : { notList: clone(mod.without) };
  answer({ ok: true, exports: Object.keys(mod), isFunction: typeof maker === 'function', without });
  if (typeof maker === 'function') serve(maker);
})();
`;
