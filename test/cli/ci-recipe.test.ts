/**
 * The README's CI recipe, run: the GitHub Actions YAML block of "Checking
 * your own optimizer in CI" is read from README.md and its `run:` steps are
 * run in order, each in `bash -e` as Actions runs them, in a fresh project
 * with optspec installed from its packed tarball and the user's PyTorch
 * optimizer in mypkg/ (what actions/checkout would bring).
 *
 * What runs here and what does not, by one rule:
 * - `uses:` steps are actions, not shell: not run. The recipe must still use
 *   actions/setup-node at this Node's major version, and what the upload and
 *   JUnit steps point at must exist after the gate.
 * - A `run:` step that installs system or Python packages (it contains
 *   `apt-get` or `pip install`) is not run: there is no network here. Each
 *   such step must install torch, and torch must already be here: Debian's
 *   python3-torch, importable by /usr/bin/python3.
 * - `npm ci` is replaced by the offline install the install test does
 *   (test/install/project.ts: the tarball unpacked into node_modules, its
 *   dependencies linked from this repository's).
 * - Every other `run:` step runs, and must exit 0.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../scratch.ts';
import { childEnv, packOptspec, ROOT, systemPythonHasTorch, userProject } from '../install/project.ts';

interface Step {
  readonly uses?: string;
  readonly run?: string;
  /** The step's other keys (`with`, `if`, `name`), as written. */
  readonly keys: Record<string, string>;
}

/** The ```yaml block of the README's section "## Checking your own optimizer in CI". */
function recipeYaml(readme: string): string {
  const start = readme.indexOf('\n## Checking your own optimizer in CI\n');
  if (start < 0) throw new Error('README.md has no section "## Checking your own optimizer in CI"');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const block = /\n```yaml\n([\s\S]*?)\n```\n/.exec(section);
  if (!block) throw new Error('the CI section of README.md has no ```yaml block');
  return block[1];
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * The steps of the workflow's one job. Only the YAML the recipe uses is read:
 * `- key: value` items, flow mappings kept as text, comments, and `run:` as a
 * plain scalar or a `|` or `>` block. Anything else is an error, so the test
 * fails rather than running something other than what the README says.
 */
function recipeSteps(yaml: string): Step[] {
  const lines = yaml.split('\n');
  const at = lines.findIndex((l) => l.trim() === 'steps:');
  if (at < 0) throw new Error('the recipe has no steps:');
  const itemIndent = indentOf(lines[at + 1]);
  const items: Record<string, string>[] = [];
  let keys: Record<string, string> | null = null;
  let block: { key: string; style: string; lines: string[] } | null = null;
  const keyIndent = itemIndent + 2;
  const closeBlock = () => {
    if (!block || !keys) return;
    if (block.lines.some((l) => l.trim() === '')) throw new Error(`the recipe's ${block.key}: block has a blank line, which this reader does not fold`);
    keys[block.key] = block.lines.map((l) => l.trim()).join(block.style === '>' ? ' ' : '\n');
    block = null;
  };
  for (const line of lines.slice(at + 1)) {
    if (line.trim() === '') continue;
    const indent = indentOf(line);
    if (indent < itemIndent) break;
    if (block && indent > keyIndent) {
      block.lines.push(line);
      continue;
    }
    closeBlock();
    if (line.trim().startsWith('#')) continue;
    let text = line.trim();
    if (indent === itemIndent && text.startsWith('- ')) {
      keys = {};
      items.push(keys);
      text = text.slice(2);
    } else if (indent !== keyIndent || !keys) {
      throw new Error(`the recipe's line ${JSON.stringify(line)} is not a step key this reader knows`);
    }
    const pair = /^([\w-]+):\s*(.*)$/.exec(text);
    if (!pair) throw new Error(`the recipe's line ${JSON.stringify(line)} is not "key: value"`);
    const [, key, value] = pair;
    if (/^[|>]-?$/.test(value)) block = { key, style: value[0], lines: [] };
    else keys[key] = value;
  }
  closeBlock();
  return items.map(({ uses, run, ...rest }) => {
    if ((uses === undefined) === (run === undefined)) throw new Error(`a recipe step has ${uses ? 'both uses: and run:' : 'neither uses: nor run:'}`);
    return { uses, run, keys: rest };
  });
}

/** The documented rule: a `run:` step that installs system or Python packages is not run here. */
const installsPackages = (run: string) => /\bapt-get\b|\bpip3? install\b/.test(run);

/** A flow mapping's value, `{ a: 1, b: x/ }` → b → `x/`. */
const flowValue = (mapping: string | undefined, key: string) => new RegExp(`[{,]\\s*${key}:\\s*([^,}]+?)\\s*[,}]`).exec(mapping ?? '')?.[1];

const work = scratchDir('optspec-ci-recipe-');
const steps = recipeSteps(recipeYaml(readFileSync(join(ROOT, 'README.md'), 'utf8')));
const runSteps = steps.filter((s) => s.run !== undefined).map((s) => s.run!);
const project = join(work, 'repo');
/** The environment Actions gives a step here: CI set, no OPTSPEC_PYTHON, no PYTHONPATH (mypkg is found from the working directory). */
const { OPTSPEC_PYTHON: _, PYTHONPATH: __, ...base } = childEnv;
const stepEnv: NodeJS.ProcessEnv = { ...base, CI: 'true', GITHUB_ACTIONS: 'true', NO_COLOR: '1' };

/** A recipe's `run:` step in the project, as Actions runs it on Linux (`bash -e {0}`). */
function runStep(script: string) {
  const r = spawnSync('bash', ['-e', '-c', script], { cwd: project, encoding: 'utf8', env: stepEnv, timeout: 220_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** mypkg/optim.py: the user's AdamWClip, as the checkout brings it; `cls` picks which class the name AdamWClip is. */
function userOptimizer(cls = 'AdamWClip') {
  mkdirSync(join(project, 'mypkg'), { recursive: true });
  writeFileSync(join(project, 'mypkg/__init__.py'), '');
  cpSync(join(ROOT, 'test/protocol/adapters/adamw_clip.py'), join(project, 'mypkg/optim.py'));
  if (cls !== 'AdamWClip') writeFileSync(join(project, 'mypkg/optim.py'), `${readFileSync(join(project, 'mypkg/optim.py'), 'utf8')}\nAdamWClip = ${cls}  # planted by the test\n`);
}

describe('the README’s CI recipe', () => {
  beforeAll(() => {
    const { tarball } = packOptspec(work);
    userProject(project, tarball, 'module'); // in place of the recipe's `npm ci`, offline
    userOptimizer();
  }, 240_000);

  it('is read as the steps it shows: checkout, setup-node, npm ci, torch, the gate, the reports', () => {
    expect(steps.map((s) => s.uses ?? 'run')).toEqual(['actions/checkout@v4', 'actions/setup-node@v4', 'run', 'run', 'run', 'mikepenz/action-junit-report@v4', 'actions/upload-artifact@v4']);
    expect(runSteps[0]).toBe('npm ci');
    // A step's `>` block is folded into one line, as Actions hands it to bash.
    expect(runSteps[2]).toMatch(/^npx optspec check --torch \S+ .*--junit \S+$/);
  });

  it('skips only the steps that install packages, each installing torch, which is here already', () => {
    const skipped = runSteps.filter(installsPackages);
    expect(skipped).toHaveLength(1);
    for (const step of skipped) expect(step).toMatch(/\bpython3-torch\b|\bpip3? install\b.*\btorch\b/);
    expect(runSteps.filter((s) => !installsPackages(s) && s !== 'npm ci').every((s) => /^npx optspec /.test(s))).toBe(true);
    expect(systemPythonHasTorch()).toBe(true);
  }, 120_000); // import torch takes seconds on a busy machine

  it('asks for this Node: actions/setup-node at the major version running here', () => {
    const setup = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(flowValue(setup?.keys.with, 'node-version')).toBe(process.versions.node.split('.')[0]);
  });

  it('runs: the gate passes the user’s AdamWClip, and the JUnit file and the uploaded reports are written', () => {
    for (const script of runSteps) {
      if (script === 'npm ci' || installsPackages(script)) continue;
      const r = runStep(script);
      expect(r.stdout, `${script}\n${r.stderr}`).toContain('all expectations held');
      expect(r.status).toBe(0);
    }
    const junit = flowValue(steps.find((s) => s.uses?.startsWith('mikepenz/action-junit-report@'))?.keys.with, 'report_paths')!;
    expect(readFileSync(join(project, junit), 'utf8')).toMatch(/<testsuite [^>]*failures="0"/);
    const uploaded = flowValue(steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))?.keys.with, 'path')!;
    expect(existsSync(join(project, uploaded, 'check/summary.json'))).toBe(true);
  }, 240_000);

  it('turns red on a planted bug: the same gate step exits 1 when AdamWClip bounds its update at ±lr/2', () => {
    userOptimizer('AdamWClipHalf');
    try {
      const gate = runSteps.find((s) => s.includes('optspec check'))!;
      const r = runStep(gate);
      expect(r.stdout).toMatch(/^FAIL {2}relation-adam-first-step /m);
      expect(r.status).toBe(1);
    } finally {
      userOptimizer();
    }
  }, 240_000);
});
