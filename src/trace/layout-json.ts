/**
 * The layout as a JSON Lines trace's header carries it (docs/protocol.md,
 * "Traces recorded elsewhere"):
 *
 *   "layout": { "tensors": [{ "name": "0.weight", "shape": [4, 3], "offset": 0, "group": 0 }, …], "groups": [{ "lr": 0.1 }] }
 *
 * `dim` comes from the header, not the layout. `offset` may be left out: a
 * tensor then starts where the one before it ends (the order of flattening,
 * as `torch.cat([p.reshape(-1) for p in params])` has it). `group` defaults to
 * 0 and `groups` to one group without overrides.
 */
import { makeLayout, tensorSize, type Layout } from '../optimizers/layout.ts';
import { InputError, knownKeys, record } from '../validate/input-error.ts';

/** More dimensions than PyTorch allows (64) is not a tensor. */
export const MAX_TENSOR_DIMENSIONS = 64;
/** A layout with more tensors than this is refused before it is checked tensor by tensor. */
export const MAX_TENSORS = 100_000;

export interface LayoutJson {
  tensors: { name: string; shape: number[]; offset: number; group: number }[];
  groups: Record<string, number | boolean>[];
}

/** Read and check a header's layout against the trace's `dim`; errors name the field (`… line 1: layout.tensors[1].name`). */
export function readLayoutJson(value: unknown, dim: number, field: string): Layout {
  const given = record(field, value);
  knownKeys(field, given, ['tensors', 'groups']);
  const tensors = given.tensors;
  if (!Array.isArray(tensors) || tensors.length === 0) throw new InputError(`${field}.tensors`, tensors, 'expected a non-empty array of { name, shape, offset?, group? }');
  // Every tensor holds at least one parameter, so more tensors than parameters cannot tile [0, dim).
  const cap = Math.min(MAX_TENSORS, Math.max(dim, 1));
  if (tensors.length > cap) throw new InputError(`${field}.tensors`, `${tensors.length} tensors`, `expected at most ${cap} (each holds at least one of the ${dim} parameters; optspec's cap is ${MAX_TENSORS})`);
  let next = 0;
  const placed = tensors.map((t, i) => {
    const at = `${field}.tensors[${i}]`;
    const o = record(at, t);
    knownKeys(at, o, ['name', 'shape', 'offset', 'group']);
    if (Array.isArray(o.shape) && o.shape.length > MAX_TENSOR_DIMENSIONS) throw new InputError(`${at}.shape`, `${o.shape.length} dimensions`, `expected at most ${MAX_TENSOR_DIMENSIONS}`);
    const offset = o.offset ?? next;
    // A shape that is not a list of numbers is left to makeLayout, which names it; here it only places the next tensor.
    const size = Array.isArray(o.shape) && o.shape.every((d) => typeof d === 'number') ? tensorSize(o.shape as number[]) : 0;
    next = typeof offset === 'number' ? offset + size : next;
    return { name: o.name, shape: o.shape, offset, group: o.group ?? 0 };
  });
  return makeLayout({ dim, tensors: placed, groups: given.groups ?? [{}] }, field);
}

/** The header's form of a layout, every field written out. */
export function layoutJson(layout: Layout): LayoutJson {
  return {
    tensors: layout.tensors.map((t) => ({ name: t.name, shape: [...t.shape], offset: t.offset, group: t.group })),
    groups: layout.groups.map((g) => ({ ...g })),
  };
}
