/** The option tables of optspec's top level and of trace, verify and conform (check's is in check.ts beside it). */
import type { CommandSpec } from './parse.ts';

export const TOP = {
  command: '',
  synopsis: '<command> [options]',
  summary: `commands (optspec <command> --help prints a command's options):
  trace <run.json> [--out FILE]            run an optimizer on a problem and print its trace as JSON
  check --optimizer <module>[#export] | --command "<cmd>" | --torch <module.Class> [options]
                                           check a user's optimizer: reference parity, contracts,
                                           metamorphic relations and the papers' claims for its family
  verify <trace.jsonl> --claim <claim>[=<value>] [--claim …]
                                           check claims on a trace recorded elsewhere (docs/protocol.md)
  conform --command "<cmd>"                check that an adapter speaks optspec's stepping protocol`,
  positionals: [],
  options: {
    version: { type: 'boolean', help: "print optspec's version and exit" },
  },
} as const satisfies CommandSpec;

export const TRACE = {
  command: 'trace',
  synopsis: '<run.json> [--out FILE]',
  summary: 'run an optimizer on a problem and print its trace as JSON (run.json: see the README, "optspec trace")',
  positionals: [{ name: 'run.json', expect: 'expected the path of a run file' }],
  options: {
    out: { type: 'string', value: 'FILE', help: 'write the trace to FILE (atomically) instead of standard output' },
  },
} as const satisfies CommandSpec;

export const VERIFY = {
  command: 'verify',
  synopsis: '<trace.jsonl> --claim <claim>[=<value>] [--claim …]',
  summary: 'check claims on a trace recorded elsewhere (JSON Lines, docs/protocol.md); exit 1 when one does not hold',
  positionals: [{ name: 'trace', expect: 'expected the path of a JSON Lines trace' }],
  options: {
    claim: { type: 'string', multiple: true, value: '<claim>[=<value>]', help: 'a claim to check (claims below)' },
  },
} as const satisfies CommandSpec;

export const CONFORM = {
  command: 'conform',
  synopsis: '--command "<cmd>"',
  summary: "check that an adapter speaks optspec's stepping protocol (docs/protocol.md); exit 1 when a check fails",
  positionals: [],
  options: {
    command: { type: 'string', value: '"<cmd>"', help: 'the shell command that starts the adapter' },
  },
} as const satisfies CommandSpec;
