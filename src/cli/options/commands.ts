/** The option tables of optspec's top level and of trace, verify and conform (check's is in check.ts beside it). */
import type { CommandSpec } from './parse.ts';

export const TOP = {
  command: '',
  synopsis: '<command> [options]',
  brief: "optspec's commands",
  summary: 'executable specs for optimizer behaviour: run, check and verify optimizers against the claims',
  positionals: [],
  options: {
    version: { type: 'boolean', help: "print optspec's version and exit" },
  },
} as const satisfies CommandSpec;

export const TRACE = {
  command: 'trace',
  synopsis: '<run.json> [--out FILE]',
  brief: 'run an optimizer on a problem and print its trace as JSON',
  summary: 'run an optimizer on a problem and print its trace as JSON (run.json: see the README, "optspec trace")',
  positionals: [{ name: 'run.json', expect: 'expected the path of a run file' }],
  options: {
    out: { type: 'string', value: 'FILE', help: 'write the trace to FILE (atomically) instead of standard output' },
  },
} as const satisfies CommandSpec;

export const VERIFY = {
  command: 'verify',
  synopsis: '<trace.jsonl> --claim <claim>[=<value>] [--claim …]',
  brief: 'check claims on a trace recorded elsewhere (docs/protocol.md)',
  summary: 'check claims on a trace recorded elsewhere (JSON Lines, docs/protocol.md); exit 1 when one does not hold',
  positionals: [{ name: 'trace', expect: 'expected the path of a JSON Lines trace' }],
  options: {
    claim: { type: 'string', multiple: true, value: '<claim>[=<value>]', help: 'a claim to check (claims below)' },
  },
} as const satisfies CommandSpec;

export const CONFORM = {
  command: 'conform',
  synopsis: '--command "<cmd>"',
  brief: "check that an adapter speaks optspec's stepping protocol",
  summary: "check that an adapter speaks optspec's stepping protocol (docs/protocol.md); exit 1 when a check fails",
  positionals: [],
  options: {
    command: { type: 'string', value: '"<cmd>"', help: 'the shell command that starts the adapter' },
  },
} as const satisfies CommandSpec;
