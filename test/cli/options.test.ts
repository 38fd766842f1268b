/**
 * The option tables: usage text and parsing come from one table per command,
 * `<command> --help` prints it, and check's flags arrive in CheckArgs with
 * their shapes checked.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/cli/check.ts';
import { CHECK } from '../../src/cli/options/check.ts';
import { CONFORM, TOP, TRACE, VERIFY } from '../../src/cli/options/commands.ts';
import { parseCommand, usage, type CommandSpec } from '../../src/cli/options/parse.ts';
import { CHECK_FAMILIES } from '../../src/check/families.ts';
import { scratchDir } from '../scratch.ts';
import { runBin, runMain } from './run-cli.ts';

const dir = scratchDir('optspec-options-');
const report = join(dir, 'report');
const base = ['--optimizer', 'm.ts#make', '--report', report];

describe('--help and --version', () => {
  it.each([
    ['trace', TRACE],
    ['check', CHECK],
    ['verify', VERIFY],
    ['conform', CONFORM],
  ] as [string, CommandSpec][])('optspec %s --help prints every flag of its table and exits 0', async (command, spec) => {
    for (const flag of ['--help', '-h']) {
      const r = await runMain([command, flag]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`usage: optspec ${command} ${spec.synopsis}`);
      for (const name of Object.keys(spec.options)) expect(r.stdout).toContain(`--${name}`);
    }
  });

  it('help wins over anything else on the line', async () => {
    expect((await runMain(['check', '--bogus', '--help'])).status).toBe(0);
  });

  it('check --help lists the families from the registry, verify --help the claims and their domains', async () => {
    expect((await runMain(['check', '--help'])).stdout).toContain(CHECK_FAMILIES.join(', '));
    expect((await runMain(['verify', '-h'])).stdout).toMatch(/two-cycle =αλ: .* \(the number > 0\)/);
  });

  it('optspec --help lists the commands; bare optspec prints the same to stderr and exits 2', async () => {
    const help = await runMain(['--help']);
    expect(help.status).toBe(0);
    for (const spec of [TRACE, CHECK, VERIFY, CONFORM]) expect(help.stdout).toContain(`  ${spec.command} ${spec.synopsis}\n      ${spec.brief}\n`);
    const bare = await runMain([]);
    expect(bare.status).toBe(2);
    expect(bare.stderr).toBe(help.stdout);
  });

  it('optspec --version prints the version in package.json', () => {
    const r = runBin(['--version']);
    expect(r.stdout).toBe(`${JSON.parse(readFileSync('package.json', 'utf8')).version}\n`);
    expect(r.status).toBe(0);
  });

  it('the usage text puts a long flag on its own line and its help under it', () => {
    const text = usage({ command: 'x', synopsis: '', brief: 'b', summary: 's', positionals: [], options: { 'a-very-long-flag-name': { type: 'string', value: '<a very long placeholder>', help: 'what it does' } } });
    expect(text).toContain('  --a-very-long-flag-name <a very long placeholder>\n                                  what it does');
  });
});

describe('parsing from the table', () => {
  it.each([
    [['--out'], '--out: expected a value FILE, got nothing'],
    [['f.json', '--out', '--x'], '--out: expected a value FILE, got "--x"'],
    [['f.json', '--out', 'a', '--out', 'b'], '--out: given twice (first "a"), got "b"'],
    [['f.json', 'g.json'], 'argument: not an option of optspec trace (options: --out; see optspec trace --help), got "g.json"'],
    [['f.json', '--outt', 'x'], 'argument: not an option of optspec trace'],
    [['f.json', '-x'], 'argument: not an option of optspec trace (options: --out; see optspec trace --help), got "-x"'],
    [[], 'run.json: expected the path of a run file, got nothing'],
    [['f.json', '--constructor'], 'argument: not an option of optspec trace (options: --out; see optspec trace --help), got "--constructor"'],
    [['f.json', '--__proto__=x'], 'argument: not an option of optspec trace (options: --out; see optspec trace --help), got "--__proto__"'],
    [['f.json', '--toString', 'x'], 'argument: not an option of optspec trace'],
  ])('trace %j', (argv, message) => {
    expect(() => parseCommand(TRACE, argv)).toThrow(message);
  });

  it('a value may start with a dash when joined with =, and -- ends the options', () => {
    expect(parseCommand(TRACE, ['f.json', '--out=-odd']).values.out).toBe('-odd');
    expect(parseCommand(TRACE, ['--', '--file-named-like-a-flag']).positionals).toEqual(['--file-named-like-a-flag']);
  });

  it('a boolean takes no value', () => {
    expect(() => parseCommand(CHECK, ['--update-baseline=yes'])).toThrow('--update-baseline: takes no value, got "yes"');
  });

  it('the top level knows --version only', () => {
    expect(parseCommand(TOP, ['--version']).values.version).toBe(true);
    expect(() => parseCommand(TOP, ['--verbose'])).toThrow('argument: not an option of optspec (options: --version; see optspec --help), got "--verbose"');
  });
});

describe("check's flags", () => {
  it('carry their values into CheckArgs', () => {
    const junit = join(dir, 'junit.xml');
    const a = parse([
      ...base, '--family', 'adamw', '--without', 'amsgrad, maximize', '--skip', 'reference-parity', '--only', 'a,b',
      '--hyper', 'lr=0.1,1e-3', '--hyper', 'clip=true,false', '--reference', 'slow.ts', '--declare', 'elementwise',
      '--step-timeout', '2.5', '--start-timeout', '30', '--junit', junit, '--precision', 'float32',
    ]);
    expect(a).toMatchObject({
      optimizer: { module: 'm.ts', exportName: 'make' }, family: 'adamw', dialect: 'pytorch', precision: 'float32',
      without: ['amsgrad', 'maximize'], skip: ['reference-parity'], only: ['a', 'b'], declare: ['elementwise'],
      hyper: { lr: [0.1, 0.001], clip: [true, false] }, reference: { module: 'slow.ts', exportName: 'default' },
      stepTimeout: 2.5, startTimeout: 30, reportDir: report, junit, updateBaseline: false, torchSet: {},
    });
  });

  it('--torch with --torch-set, and no family (a reference or a declared property may stand alone)', () => {
    const a = parse(['--torch', 'myopt.AdamWClip', '--torch-set', 'betas=[0.9,0.99]', '--torch-set', 'foreach=false', '--reference-command', 'python3 ref.py', '--report', report]);
    expect(a).toMatchObject({ optimizer: undefined, torch: 'myopt.AdamWClip', torchSet: { betas: [0.9, 0.99], foreach: false }, referenceCommand: 'python3 ref.py' });
    expect(a.family).toBeUndefined();
  });

  it('a family\'s default dialect is its first', () => {
    expect(parse([...base, '--family', 'momentum']).dialect).toBe('pytorch');
  });

  it.each([
    [['--family', 'sgd'], '--optimizer: expected <module>[#export] (or --command'],
    [[...base, '--command', 'x'], '--command: expected one of --optimizer, --command and --torch, not --optimizer and --command'],
    [[...base, '--torch', 'a.B'], '--torch: expected one of --optimizer, --command and --torch, not --optimizer and --torch'],
    [['--command', '  ', '--report', report], '--command: expected the shell command that starts the adapter'],
    [['--torch', 'AdamW', '--report', report], '--torch: expected <module.Class>, e.g. torch.optim.AdamW, got "AdamW"'],
    [['--optimizer', 'm.ts#', '--report', report], '--optimizer: expected <module>[#export], got "m.ts#"'],
    [[...base, '--family', '__proto__'], '--family: expected one of sgd, '],
    [[...base, '--family', 'toString'], '--family: expected one of sgd, '],
    [[...base, '--dialect', 'tfjs'], "--dialect: a dialect is a version of a family's rule: give --family too"],
    [[...base, '--family', 'adamw', '--dialect', 'tfjs'], '--dialect: expected one of '],
    [[...base, '--hyper', 'lr'], '--hyper: expected name=v1,v2,… with a name of letters, digits and _, got "lr"'],
    [[...base, '--hyper', 'lr=0.1,NaN'], '--hyper: expected finite numbers, true or false after =; "NaN" is not, got "lr=0.1,NaN"'],
    [[...base, '--hyper', 'lr=1e999'], '"1e999" is not'],
    [[...base, '--hyper', 'lr='], '"" is not'],
    [[...base, '--hyper', 'lr=1', '--hyper', 'lr=2'], '--hyper: expected each hyperparameter once; lr is given twice'],
    [[...base, '--torch-set', 'betas=[0.9'], '--torch-set: expected JSON after ='],
    [[...base, '--torch-set', '=1'], '--torch-set: expected key=json, got "=1"'],
    [[...base, '--skip', 'a,,b'], '--skip: expected a comma-separated list of names, none empty, got "a,,b"'],
    [[...base, '--step-timeout', '0'], '--step-timeout: expected a positive number of seconds, got "0"'],
    [[...base, '--start-timeout', 'Infinity'], '--start-timeout: expected a positive number of seconds, got "Infinity"'],
    [[...base, '--reference', 'a.ts', '--reference-command', 'b'], '--reference-command: expected either --reference or --reference-command, not both'],
    [[...base, '--update-baseline'], '--update-baseline: expected --baseline FILE beside it'],
    [[...base, '--baseline', dir], '--baseline: expected a file path, but it is a folder'],
  ])('refuses %j in one line naming the flag', (argv, message) => {
    expect(() => parse(argv)).toThrow(message);
  });

  it('a baseline in a folder that cannot take files is fine until --update-baseline asks to write it', () => {
    const plain = join(dir, 'plain');
    writeFileSync(plain, 'x');
    expect(() => parse([...base, '--baseline', join(plain, 'b')])).toThrow('--baseline: cannot be created:');
    expect(parse([...base, '--baseline', '/proc/b']).baseline).toBe('/proc/b');
    expect(() => parse([...base, '--baseline', '/proc/b', '--update-baseline'])).toThrow('--baseline: cannot be written: creating a file in /proc failed');
  });
});
