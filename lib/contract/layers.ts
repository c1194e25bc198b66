import type { OutputRoles, PartialContract } from './types.js';

/** One source of contract values, weakest first in a list. */
export interface Layer {
  /** Where the values come from, for --print-config: "preset yolov8", "--model-config m.yaml". */
  source: string;
  values: PartialContract;
  /** Per-path sources overriding `source` (the command line names each flag). */
  sources?: Readonly<Record<string, string>>;
}

/** Paths whose value is replaced whole (an object or list is one value). */
const groupPaths = new Set(['classes.source']);

/**
 * Merges layers, the later winning per value: every input, output and
 * postprocess key is one value, output roles one value per role, the class
 * list (source with its names) one value, the class match another.
 */
export function mergeLayers(layers: readonly Layer[]): {
  values: PartialContract;
  sources: Record<string, string>;
} {
  const flat = new Map<string, unknown>();
  const sources: Record<string, string> = {};
  for (const layer of layers) {
    for (const [path, value] of flatten(layer.values)) {
      if (value === undefined) continue;
      // A new class list brings its own match rule (or the default for its kind).
      if (path === 'classes.source') {
        flat.delete('classes.match');
        delete sources['classes.match'];
      }
      flat.set(path, value);
      sources[path] =
        layer.sources?.[path] ??
        layer.sources?.[path.split('.').slice(0, 2).join('.')] ??
        layer.source;
    }
  }
  return { values: unflatten(flat), sources };
}

function flatten(values: PartialContract): [string, unknown][] {
  const entries: [string, unknown][] = [];
  if (values.preset !== undefined) entries.push(['preset', values.preset]);
  for (const section of ['input', 'output', 'postprocess'] as const) {
    for (const [key, value] of Object.entries(values[section] ?? {})) {
      if (section === 'output' && key === 'outputs') {
        for (const [role, names] of Object.entries(value as OutputRoles))
          entries.push([`output.outputs.${role}`, names]);
      } else entries.push([`${section}.${key}`, value]);
    }
  }
  const classes = values.classes;
  if (classes?.source !== undefined)
    entries.push([
      'classes.source',
      { source: classes.source, names: classes.names, cocoIds: classes.cocoIds },
    ]);
  if (classes?.match !== undefined) entries.push(['classes.match', classes.match]);
  return entries;
}

function unflatten(flat: Map<string, unknown>): PartialContract {
  const result: Record<string, Record<string, unknown>> & { preset?: string } = {};
  for (const [path, value] of flat) {
    if (path === 'preset') {
      result.preset = value as string;
      continue;
    }
    const [section, key, role] = path.split('.');
    const target = (result[section] ??= {});
    if (groupPaths.has(path)) {
      const group = value as Record<string, unknown>;
      target.source = group.source;
      target.names = group.names;
      target.cocoIds = group.cocoIds;
      continue;
    }
    if (role !== undefined) {
      const roles = (target.outputs ??= {}) as OutputRoles;
      roles[role] = value as string | string[];
    } else target[key] = value;
  }
  return result as PartialContract;
}
