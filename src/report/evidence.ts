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
  readonly figures?: readonly Figure[];
  readonly plots?: readonly Plot[];
  readonly notes?: readonly string[];
  readonly seed?: number;
  /** True for a control: a case where the claim is false and the spec shows the matcher catching it. */
  readonly control?: boolean;
}

declare module 'vitest' {
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

/** At most `max` points of a curve, evenly spaced in index, keeping the last: for drawing only, never for verdicts. */
export function downsample(ys: ArrayLike<number>, max = 400, xs?: ArrayLike<number>): [number, number][] {
  const n = ys.length;
  const stride = Math.max(1, Math.ceil(n / max));
  const out: [number, number][] = [];
  for (let i = 0; i < n; i += stride) out.push([xs ? xs[i] : i, ys[i]]);
  if (n > 0 && (n - 1) % stride !== 0) out.push([xs ? xs[n - 1] : n - 1, ys[n - 1]]);
  return out;
}
