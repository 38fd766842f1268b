/**
 * Every code block in README.md is run or checked here, so the README cannot
 * drift from what works. Each block is claimed by exactly one handler; a new
 * block without one fails the first test. Blocks that take minutes or install
 * system packages (set-up, deep claims, benchmarks, the CI workflow) are
 * checked for what they name (scripts, files, projects) — `.ci/run` is what
 * runs the set-up for real.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from './scratch.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const USER_PROJECT = join(ROOT, 'test/install/user-project');

interface Block { lang: string; text: string; line: number }
const blocks: Block[] = [];
for (const m of README.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
  blocks.push({ lang: m[1], text: m[2], line: README.slice(0, m.index).split('\n').length });
}

// A project beside the README's examples where `optspec` resolves to this checkout's sources.
const project = scratchDir('optspec-readme-');
mkdirSync(join(project, 'node_modules'));
symlinkSync(ROOT, join(project, 'node_modules/optspec'));
mkdirSync(join(project, 'src'));

/** A README shell line as written, with `npx optspec` run from this checkout's sources. */
function shell(line: string) {
  const args = line.replace(/\s#.*$/, '').trim().split(/\s+/);
  expect(args.slice(0, 2)).toEqual(['npx', 'optspec']);
  return spawnSync(process.execPath, ['--conditions=optspec-source', join(ROOT, 'bin/optspec.js'), ...args.slice(2)], { cwd: project, encoding: 'utf8', timeout: 60_000 });
}

const optimizerBlock = () => blocks.find((b) => b.lang === 'ts' && b.text.includes('defineOptimizer('))!;
const npmCommands = (text: string) => [...text.matchAll(/npm (?:run ([\w:]+)|(test))\b/g)].map((m) => m[1] ?? m[2]);
const sameText = (a: string, b: string) => expect(a.trim()).toBe(b.trim());

interface Handler { name: string; claims: (b: Block) => boolean; check: (b: Block) => void }
const handlers: Handler[] = [
  {
    name: 'set-up: the script exists and parses, the npm scripts exist (.ci/run runs it)',
    claims: (b) => b.lang === 'sh' && b.text.includes('scripts/setup.sh'),
    check: (b) => {
      expect(spawnSync('bash', ['-n', join(ROOT, 'scripts/setup.sh')]).status).toBe(0);
      for (const script of npmCommands(b.text)) expect(PKG.scripts).toHaveProperty(script);
    },
  },
  {
    name: 'install: the packages named are optspec, its vitest peer and its TensorFlow.js peers at their versions',
    claims: (b) => b.lang === 'sh' && b.text.startsWith('npm install'),
    check: (b) => {
      expect(b.text.trim()).toBe('npm install --save-dev optspec vitest');
      expect(PKG.name).toBe('optspec');
      expect(PKG.peerDependencies.vitest).toBe('>=4.1 <5');
      for (const [, name, version] of README.matchAll(/(@tensorflow\/[\w-]+)@([\d.]+)/g)) expect(PKG.peerDependencies[name]).toBe(version);
    },
  },
  {
    name: 'vitest.config.ts: the one the install test runs in a user project',
    claims: (b) => b.lang === 'ts' && b.text.includes('defineConfig'),
    check: (b) => sameText(b.text, readFileSync(join(USER_PROJECT, 'vitest.config.ts'), 'utf8')),
  },
  {
    name: 'tsconfig.json: the one the install test runs tsc with',
    claims: (b) => b.lang === 'json' && b.text.includes('compilerOptions'),
    check: (b) => expect(JSON.parse(b.text)).toEqual(JSON.parse(readFileSync(join(USER_PROJECT, 'tsconfig.json'), 'utf8'))),
  },
  {
    name: 'the spec example: examples/two-cycle.spec.ts, which runs with the tests',
    claims: (b) => b.lang === 'ts' && b.text.includes("it('") && !b.text.includes('describeClaim('),
    // The example file opens with a comment saying where it comes from.
    check: (b) => sameText(b.text, readFileSync(join(ROOT, 'examples/two-cycle.spec.ts'), 'utf8').replace(/^(\/\/.*\n)+/, '')),
  },
  {
    name: 'a claim of your own: examples/own-claim.spec.ts, which runs with the tests',
    claims: (b) => b.lang === 'ts' && b.text.includes('describeClaim('),
    check: (b) => sameText(b.text, readFileSync(join(ROOT, 'examples/own-claim.spec.ts'), 'utf8').replace(/^(\/\/.*\n)+/, '')),
  },
  {
    name: 'sample output of optspec check: the expectation it names is one the gate runs',
    claims: (b) => b.lang === 'text' && /^(PASS|FAIL) /m.test(b.text),
    check: (b) => {
      const ids = [...b.text.matchAll(/^(?:PASS|FAIL)\s+(\S+)/gm)].map((m) => m[1]);
      expect(ids.length).toBeGreaterThan(0);
      const gate = readdirSync(join(ROOT, 'src/check')).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(ROOT, 'src/check', f), 'utf8')).join('\n');
      for (const id of ids) expect(gate, id).toContain(`'${id}'`);
    },
  },
  {
    name: 'an optimizer in another language: the commandOptimizer example runs torch.optim.Adam (Debian python3-torch)',
    claims: (b) => b.lang === 'ts' && b.text.includes('commandOptimizer('),
    check: (b) => {
      const file = join(project, 'command-optimizer.mts');
      writeFileSync(file, b.text);
      // torchCommand finds the Python with torch itself, even behind a python3 without it earlier on PATH.
      const env = { ...process.env };
      const r = spawnSync(process.execPath, ['--conditions=optspec-source', '--import', 'tsx', file], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
      expect(r.stderr).toBe('');
      const norm = Number(r.stdout.trim());
      expect(norm).toBeGreaterThan(0);
      expect(norm).toBeLessThan(1); // Adam moved each coordinate towards 0 from ‖β0‖₁ = 1
    },
  },
  {
    name: 'optspec verify: runs as written on the recorded PyTorch SGD run on λ‖β‖₁, and both claims hold',
    claims: (b) => b.lang === 'sh' && /^npx optspec verify/m.test(b.text),
    check: (b) => {
      const r = shell(b.text.replace(/run\.jsonl/, join(ROOT, 'fixtures/torch-record/l1-sgd.jsonl')));
      expect(r.stdout.match(/^PASS /gm)).toHaveLength(2);
      expect(r.status).toBe(0);
    },
  },
  {
    name: 'your own optimizer: the check command runs it',
    claims: (b) => b.lang === 'ts' && b.text.includes('defineOptimizer('),
    check: (b) => expect(b.text).toContain('export const myGd = ({ lr }'),
  },
  {
    name: 'optspec check --torch: runs as written on the user\'s AdamWClip in mypkg/ (test/protocol/adapters/adamw_clip.py) and passes',
    claims: (b) => b.lang === 'sh' && /^npx optspec check --torch/m.test(b.text),
    check: (b) => {
      mkdirSync(join(project, 'mypkg'), { recursive: true });
      writeFileSync(join(project, 'mypkg/__init__.py'), '');
      writeFileSync(join(project, 'mypkg/optim.py'), readFileSync(join(ROOT, 'test/protocol/adapters/adamw_clip.py'), 'utf8'));
      const r = spawnSync(process.execPath, ['--conditions=optspec-source', join(ROOT, 'bin/optspec.js'), ...b.text.trim().split(/\s+/).slice(2), '--report', join(project, 'reports/torch')], { cwd: project, encoding: 'utf8', timeout: 240_000 });
      expect(r.stdout, r.stderr).toContain('all expectations held');
      expect(r.status).toBe(0);
    },
  },
  {
    name: 'optspec check: runs as written on the README optimizer and passes',
    claims: (b) => b.lang === 'sh' && /^npx optspec check/m.test(b.text) && !/^npx optspec check --torch/m.test(b.text),
    check: (b) => {
      writeFileSync(join(project, 'src/my-optimizer.ts'), optimizerBlock().text);
      const r = shell(b.text);
      expect(r.stdout).toContain('all expectations held');
      expect(r.status).toBe(0);
    },
  },
  {
    name: 'run.json: parses, and the trace command runs it',
    claims: (b) => b.lang === 'json' && b.text.includes('"problem"'),
    check: (b) => expect(JSON.parse(b.text)).toHaveProperty('problem'),
  },
  {
    name: 'optspec trace: runs as written (with --out) on the README run.json',
    claims: (b) => b.lang === 'sh' && /^npx optspec trace/m.test(b.text),
    check: (b) => {
      const runJson = blocks.find((r) => r.lang === 'json' && r.text.includes('"problem"'))!.text;
      writeFileSync(join(project, 'run.json'), runJson);
      const run = JSON.parse(runJson);
      const r = shell(b.text.replace('[--out trace.json]', '--out trace.json'));
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const trace = JSON.parse(readFileSync(join(project, 'trace.json'), 'utf8'));
      expect(trace.params).toHaveLength(run.steps + 1);
      expect(trace.params[0]).toEqual(new Array(run.problem.p).fill(0));
      expect(trace.meta.optimizer).toContain('sgd');
    },
  },
  {
    name: 'deep claims, benchmarks and mutation testing: the npm scripts exist',
    claims: (b) => b.lang === 'sh' && /npm run (claims:deep|bench|mutate)/.test(b.text),
    check: (b) => {
      expect(npmCommands(b.text).length).toBeGreaterThan(0);
      for (const script of npmCommands(b.text)) expect(PKG.scripts).toHaveProperty(script);
    },
  },
  {
    name: 'the sharded CI workflow: the files and vitest projects it names exist',
    claims: (b) => b.lang === 'yaml',
    check: (b) => {
      for (const [, path] of b.text.matchAll(/\.\/(src\/[\w/.-]+)/g)) expect(existsSync(join(ROOT, path)), path).toBe(true);
      const config = readFileSync(join(ROOT, 'vitest.config.ts'), 'utf8');
      for (const [, name] of b.text.matchAll(/--project (\w+)/g)) expect(config).toContain(`name: '${name}'`);
    },
  },
  {
    name: 'the layout: every folder listed exists',
    claims: (b) => b.lang === '' && /^src\/problems\//m.test(b.text),
    check: (b) => {
      for (const [, dir] of b.text.matchAll(/^([\w/]+\/)\s/gm)) expect(existsSync(join(ROOT, dir)), dir).toBe(true);
    },
  },
];

describe('README.md code blocks', () => {
  it('every block is claimed by exactly one handler', () => {
    expect(blocks.length).toBeGreaterThan(10);
    const unclaimed = blocks.filter((b) => handlers.filter((h) => h.claims(b)).length !== 1).map((b) => `line ${b.line}: ${b.text.split('\n')[0]}`);
    expect(unclaimed).toEqual([]);
  });

  it.each(blocks.map((b) => [b.line, b] as const))('block at line %i runs as written', (_, block) => {
    const handler = handlers.find((h) => h.claims(block));
    expect(handler, 'no handler').toBeDefined();
    handler!.check(block);
  }, 240_000);
});

describe('the README optimizer example', () => {
  it('with the old (lr: number) signature, check fails: the reason the example takes an object', () => {
    const block = optimizerBlock();
    const old = block.text.replace('({ lr }: { lr: number })', '(lr: number)');
    expect(old).not.toBe(block.text);
    writeFileSync(join(project, 'src/old-optimizer.ts'), old);
    const r = shell('npx optspec check --optimizer src/old-optimizer.ts#myGd --family sgd');
    expect(r.stdout + r.stderr).toContain('the loss became NaN at step 1');
    expect(r.status).toBe(1);
  }, 60_000);
});
