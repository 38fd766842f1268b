/**
 * What a claim spec records for the report. It travels in vitest's task meta,
 * which survives the blob reporter and `vitest --merge-reports`, so a sharded
 * run gives the same report as an unsharded one.
 */
/** A source reference: this repository's papers are '001', '000' and '003'; a user's claim may cite anything ("Smith 2021, Thm 2", a URL, an issue). */
export type Paper = '001' | '000' | '003' | (string & {});

/** held: as stated. held with caveat: holds under conditions the paper does not state. not reproduced: the paper's statement does not hold here; the spec asserts what does. */
export type ClaimStatus = 'held' | 'held with caveat' | 'not reproduced';

export interface ClaimInfo {
  readonly id: string;
  readonly title: string;
  /** The source of the claim: a paper, a standard, a design note. */
  readonly paper: Paper;
  readonly section: string;
  /** The paper's statement in our words. */
  readonly statement: string;
  /** An optimizer family or topic the claim belongs to, for tags and grouping ("sgd", "rmsprop", "curvature"). */
  readonly family?: string;
  /** How expensive the claim's tests are ("fast", "deep"), for tags. */
  readonly tier?: string;
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
  /** Vertical marker lines at these x values (a step where something happened), each with an optional label. */
  readonly marks?: readonly { readonly x: number; readonly label?: string }[];
}

export interface Evidence {
  readonly claim: ClaimInfo;
  /** The optimizers this test ran (columns of the report's matrix). */
  readonly optimizers: readonly string[];
  /**
   * Only where the spec computed it by comparing its measurement with the
   * paper's number. Left out, the status follows from the test's outcome and
   * what the test declared it asserts (see `asserts` in declare.ts).
   */
  readonly status?: ClaimStatus;
  /** float64 for reference runs, float32 for TensorFlow.js. */
  readonly precision: 'float64' | 'float32' | 'bfloat16';
  /** The TensorFlow.js backend that ran, for float32 evidence. */
  readonly backend?: string;
  readonly figures?: readonly Figure[];
  readonly plots?: readonly Plot[];
  readonly notes?: readonly string[];
  readonly seed?: number;
  /** True for a control: a case where the claim is false and the spec shows the matcher catching it. */
  readonly control?: boolean;
}

/** What a test asserts about its claim: the paper's statement, the statement under a caveat, or the deviation that happens instead; a control shows the matcher catching a case where the claim is false. */
export type Role = 'statement' | 'caveat' | 'deviation' | 'control';

declare module '@vitest/runner' {
  interface TaskMeta {
    optspec?: Evidence[];
    /** The claim a test belongs to, declared before it runs (describeClaim), so a failing test still counts for it. */
    optspecClaim?: ClaimInfo;
    /** What the test asserts about its claim; 'statement' when left out. */
    optspecRole?: Role;
    /** The optimizers the test runs, declared up front so a failure lands in the right matrix cells. */
    optspecOptimizers?: readonly string[];
  }
}

/** A claim: an id, its source (any reference string), where in the source, and the statement in your words. */
export function defineClaim(info: ClaimInfo): ClaimInfo {
  for (const key of ['id', 'title', 'paper', 'section', 'statement'] as const) {
    if (typeof info?.[key] !== 'string' || info[key].trim() === '') throw new TypeError(`defineClaim: ${key} must be a non-empty string, got ${JSON.stringify(info?.[key])}`);
  }
  return Object.freeze({ ...info });
}

export type EvidenceInput = Omit<Evidence, 'claim' | 'control' | 'optimizers'> & { readonly claim?: ClaimInfo; readonly control?: boolean; readonly optimizers?: readonly string[] };

/**
 * Attach evidence to the running test; call it with the test context's
 * `task`. The claim, the optimizers and whether this is a control default
 * to what the test declared (describeClaim, asserts), so a spec states them once.
 */
export function record(task: { meta: { optspec?: Evidence[]; optspecClaim?: ClaimInfo; optspecRole?: Role; optspecOptimizers?: readonly string[] } }, evidence: EvidenceInput): void {
  const claim = evidence.claim ?? task.meta.optspecClaim;
  if (!claim) throw new TypeError('record: no claim: pass `claim`, or declare the test inside describeClaim(claim, …)');
  const control = evidence.control ?? task.meta.optspecRole === 'control';
  const optimizers = evidence.optimizers ?? task.meta.optspecOptimizers ?? [];
  (task.meta.optspec ??= []).push({ ...evidence, claim, control, optimizers });
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
