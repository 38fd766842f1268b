/**
 * What a claim spec records for the report. It travels in vitest's task meta,
 * which survives the blob reporter and `vitest --merge-reports`, so a sharded
 * run gives the same report as an unsharded one.
 */
export type Paper = '001' | '000' | '003';

/** held: as stated. held with caveat: holds under conditions the paper does not state. not reproduced: the paper's statement does not hold here; the spec asserts what does. */
export type ClaimStatus = 'held' | 'held with caveat' | 'not reproduced';

export interface ClaimInfo {
  readonly id: string;
  readonly title: string;
  readonly paper: Paper;
  readonly section: string;
  /** The paper's statement in our words. */
  readonly statement: string;
}

export interface Figure {
  readonly label: string;
  readonly measured: number | string;
  readonly paper?: number | string;
  readonly unit?: string;
}

export interface Series {
  readonly name: string;
  /** [x, y] points, already downsampled for drawing. */
  readonly points: readonly (readonly [number, number])[];
  /** Optional band [x, low, high] drawn behind the line. */
  readonly band?: readonly (readonly [number, number, number])[];
  /** 'line' (default) joins the points in order; 'points' draws each as a dot (scatter plots). */
  readonly style?: 'line' | 'points';
}

export interface Plot {
  readonly title: string;
  readonly x: string;
  readonly y: string;
  readonly logX?: boolean;
  readonly logY?: boolean;
  readonly series: readonly Series[];
}

export interface Evidence {
  readonly claim: ClaimInfo;
  /** The optimizers this test ran (columns of the report's matrix). */
  readonly optimizers: readonly string[];
  readonly status: ClaimStatus;
  /** float64 for reference runs, float32 for TensorFlow.js. */
  readonly precision: 'float64' | 'float32';
  /** The TensorFlow.js backend that ran, for float32 evidence. */
  readonly backend?: string;
  readonly figures?: readonly Figure[];
  readonly plots?: readonly Plot[];
  readonly notes?: readonly string[];
  readonly seed?: number;
  /** True for a control: a case where the claim is false and the spec shows the matcher catching it. */
  readonly control?: boolean;
}

declare module '@vitest/runner' {
  interface TaskMeta {
    optspec?: Evidence[];
  }
}

export function defineClaim(info: ClaimInfo): ClaimInfo {
  return Object.freeze({ ...info });
}

/** Attach evidence to the running test; call it with the test context's `task`. */
export function record(task: { meta: { optspec?: Evidence[] } }, evidence: Evidence): void {
  (task.meta.optspec ??= []).push(evidence);
}

/**
 * At most about `max` points of a curve for drawing (never for verdicts):
 * each bucket of consecutive steps keeps its lowest and highest point in step
 * order, so an oscillation keeps its envelope instead of aliasing into a flat
 * line. Non-finite values are kept: the chart counts them.
 */
export function downsample(ys: ArrayLike<number>, max = 400, xs?: ArrayLike<number>): [number, number][] {
  const n = ys.length;
  const x = (i: number) => (xs ? xs[i] : i);
  if (n <= max) return Array.from({ length: n }, (_, i) => [x(i), ys[i]] as [number, number]);
  const bucket = Math.ceil((2 * n) / max);
  const out: [number, number][] = [];
  for (let start = 0; start < n; start += bucket) {
    const end = Math.min(n, start + bucket);
    let lo = start;
    let hi = start;
    for (let i = start; i < end; i++) {
      if (!Number.isFinite(ys[i])) out.push([x(i), ys[i]]);
      else {
        if (ys[i] < ys[lo] || !Number.isFinite(ys[lo])) lo = i;
        if (ys[i] > ys[hi] || !Number.isFinite(ys[hi])) hi = i;
      }
    }
    for (const i of lo <= hi ? [lo, hi] : [hi, lo]) if (Number.isFinite(ys[i]) && (out.length === 0 || out[out.length - 1][0] !== x(i))) out.push([x(i), ys[i]]);
  }
  return out;
}
