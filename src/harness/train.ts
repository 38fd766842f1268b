/**
 * The training loop of the deep claims. Per step it records the loss (cross
 * entropy plus λ‖w‖₁), the L1 norm of all parameters, the fraction with
 * |w| < 1e-5, and wall time; per epoch the mean loss. With a checkpoint
 * folder the trace is appended as JSON lines while it runs and the weights
 * and optimizer state are saved atomically every `every` steps, so a run that
 * crashes resumes from its last checkpoint without losing what was done.
 * Batches are a pure function of (seed, step), so a resumed run takes the
 * same batches as an uninterrupted one.
 */
import * as tf from '@tensorflow/tfjs-core';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Model } from './models.ts';
import type { ImageSet } from './data/fashion-mnist.ts';
import { shuffled } from './data/fashion-mnist.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { currentBackend } from './backend.ts';

export type DeepOptimizer = { name: 'sgd' | 'momentum' | 'rmsprop' | 'adam'; lr: number; momentum?: number };

export interface TrainOptions {
  model: Model;
  data: ImageSet;
  optimizer: DeepOptimizer;
  /** λ of the L1 penalty on all parameters; 0 for none. */
  l1?: number;
  steps: number;
  batchSize: number;
  seed: number;
  checkpoint?: { dir: string; every: number };
  onProgress?: (step: number, steps: number, loss: number) => void;
}

export interface DeepTrace {
  meta: Record<string, unknown>;
  loss: number[];
  l1Norm: number[];
  tinyFraction: number[];
  wallMs: number[];
  epochLoss: number[];
}

/** The TensorFlow.js optimizers, with PyTorch's defaults where the two differ (RMSProp decay 0.99, ε 1e-8). */
export function makeTfOptimizer(o: DeepOptimizer): tf.Optimizer {
  switch (o.name) {
    case 'sgd': return tf.train.sgd(o.lr);
    case 'momentum': return tf.train.momentum(o.lr, o.momentum ?? 0.9);
    case 'rmsprop': return tf.train.rmsprop(o.lr, 0.99, 0, 1e-8);
    case 'adam': return tf.train.adam(o.lr, 0.9, 0.999, 1e-8);
  }
}

function batchIndices(count: number, batchSize: number, seed: number, step: number): Int32Array {
  const perEpoch = Math.floor(count / batchSize);
  const epoch = Math.floor(step / perEpoch);
  const order = shuffled(count, seed * 1009 + epoch);
  const start = (step % perEpoch) * batchSize;
  return Int32Array.from(order.subarray(start, start + batchSize));
}

/**
 * ‖w‖₁ and the fraction of |w| < 1e-5, reduced per variable on the device
 * (a GPU would otherwise copy every weight back each step) and summed over
 * variables in float64. Counts are exact: no variable reaches 2²⁴ entries.
 */
async function weightStats(model: Model): Promise<{ l1: number; tiny: number }> {
  const vs = model.variables;
  const sums = tf.tidy(() => tf.concat([tf.stack(vs.map((v) => tf.sum(tf.abs(v)))), tf.stack(vs.map((v) => tf.sum(tf.cast(tf.less(tf.abs(v), 1e-5), 'float32'))))]));
  const d = await sums.data();
  sums.dispose();
  let [l1, tiny, n] = [0, 0, 0];
  vs.forEach((v, i) => {
    l1 += d[i];
    tiny += d[vs.length + i];
    n += v.size;
  });
  return { l1, tiny: tiny / n };
}

export async function train(options: TrainOptions): Promise<DeepTrace> {
  const { model, data, batchSize, steps, seed } = options;
  const lambda = options.l1 ?? 0;
  const opt = makeTfOptimizer(options.optimizer);
  const [h, w] = [data.height, data.width];
  const trace: DeepTrace = {
    meta: {
      backend: currentBackend()?.name ?? tf.getBackend(),
      // The device it ran on: for webgpu the adapter's vendor, architecture and driver.
      device: currentBackend()?.device ?? tf.getBackend(),
      precision: 'float32',
      model: model.spec,
      optimizer: options.optimizer,
      l1: lambda,
      steps,
      batchSize,
      seed,
      data: data.source,
    },
    loss: [],
    l1Norm: [],
    tinyFraction: [],
    wallMs: [],
    epochLoss: [],
  };
  let start = 0;
  const ck = options.checkpoint;
  if (ck) {
    mkdirSync(ck.dir, { recursive: true });
    start = await resume(ck.dir, model, opt, trace);
    if (start === 0) writeFileSync(join(ck.dir, 'trace.jsonl'), `${JSON.stringify({ meta: trace.meta })}\n`);
  }
  const perEpoch = Math.floor(data.count / batchSize);
  const t0 = performance.now();
  let pending: string[] = [];
  for (let step = start; step < steps; step++) {
    const idx = batchIndices(data.count, batchSize, seed, step);
    const xb = new Float32Array(batchSize * h * w);
    const yb = new Int32Array(batchSize);
    idx.forEach((src, i) => {
      xb.set(data.images.subarray(src * h * w, (src + 1) * h * w), i * h * w);
      yb[i] = data.labels[src];
    });
    const lossTensor = tf.tidy(() => {
      const x = tf.tensor4d(xb, [batchSize, h, w, 1]);
      const y = tf.oneHot(tf.tensor1d(yb, 'int32'), data.classes);
      const { value, grads } = tf.variableGrads(() => {
        const ce = tf.losses.softmaxCrossEntropy(y, model.apply(x)) as tf.Scalar;
        if (lambda === 0) return ce;
        return tf.add(ce, tf.mul(lambda, tf.addN(model.variables.map((p) => tf.sum(tf.abs(p)))))) as tf.Scalar;
      }, model.variables);
      opt.applyGradients(grads);
      return value;
    });
    const loss = (await lossTensor.data())[0];
    lossTensor.dispose();
    const stats = await weightStats(model);
    trace.loss.push(loss);
    trace.l1Norm.push(stats.l1);
    trace.tinyFraction.push(stats.tiny);
    trace.wallMs.push(performance.now() - t0);
    if ((step + 1) % perEpoch === 0) {
      const from = step + 1 - perEpoch;
      trace.epochLoss.push(trace.loss.slice(from, step + 1).reduce((a, b) => a + b, 0) / perEpoch);
    }
    if (!Number.isFinite(loss)) throw new Error(`training diverged: the loss is ${loss} at step ${step} (${JSON.stringify(trace.meta.optimizer)}, λ = ${lambda})`);
    if (ck) {
      pending.push(JSON.stringify({ step, loss, l1Norm: stats.l1, tinyFraction: stats.tiny, wallMs: trace.wallMs[trace.wallMs.length - 1] }));
      if ((step + 1) % ck.every === 0 || step + 1 === steps) {
        appendFileSync(join(ck.dir, 'trace.jsonl'), `${pending.join('\n')}\n`);
        pending = [];
        await saveCheckpoint(ck.dir, step + 1, model, opt);
      }
    }
    options.onProgress?.(step + 1, steps, loss);
  }
  opt.dispose();
  return trace;
}

async function saveCheckpoint(dir: string, step: number, model: Model, opt: tf.Optimizer): Promise<void> {
  const optWeights = await opt.getWeights();
  const state = {
    step,
    variables: await Promise.all(model.variables.map(async (v) => Array.from(await v.data()))),
    optimizer: await Promise.all(optWeights.map(async (nt) => ({ name: nt.name, shape: nt.tensor.shape, values: Array.from(await nt.tensor.data()) }))),
  };
  writeFileAtomic(join(dir, 'checkpoint.json'), JSON.stringify(state));
}

/** Restore the last checkpoint and the trace rows up to it; returns the step to continue from (0 for a fresh run). */
async function resume(dir: string, model: Model, opt: tf.Optimizer, trace: DeepTrace): Promise<number> {
  const ckPath = join(dir, 'checkpoint.json');
  const trPath = join(dir, 'trace.jsonl');
  if (!existsSync(ckPath) || !existsSync(trPath)) return 0;
  const state = JSON.parse(readFileSync(ckPath, 'utf8')) as { step: number; variables: number[][]; optimizer: { name: string; shape: number[]; values: number[] }[] };
  const lines = readFileSync(trPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const head = lines[0]?.meta;
  if (!head || JSON.stringify(head.model) !== JSON.stringify(trace.meta.model) || JSON.stringify(head.optimizer) !== JSON.stringify(trace.meta.optimizer)) {
    throw new Error(`${dir} holds a checkpoint of a different run; remove it or choose another folder`);
  }
  model.variables.forEach((v, i) => v.assign(tf.tensor(state.variables[i], v.shape)));
  await opt.setWeights(state.optimizer.map((o) => ({ name: o.name, tensor: tf.tensor(o.values, o.shape) })));
  const rows = lines.slice(1).filter((r) => r.step < state.step);
  for (const r of rows) {
    trace.loss.push(r.loss);
    trace.l1Norm.push(r.l1Norm);
    trace.tinyFraction.push(r.tinyFraction);
    trace.wallMs.push(r.wallMs);
  }
  // Rewrite the trace file to exactly the checkpointed rows, dropping any written after it.
  writeFileAtomic(trPath, `${[JSON.stringify({ meta: head }), ...rows.map((r) => JSON.stringify(r))].join('\n')}\n`);
  return state.step;
}
