import { Document, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import type { ResolvedContract } from './resolve.js';
import type { PartialContract } from './types.js';

/**
 * The resolved contract as YAML, each value followed by where it came from
 * (`--print-config`). The output is itself a valid --model-config file.
 */
export function formatContract(resolved: ResolvedContract, title?: string): string {
  const { contract, sources } = resolved;
  const { source, names, match } = contract.classes;
  const plain = {
    ...(contract.preset !== undefined ? { preset: contract.preset } : {}),
    input: ordered({ ...contract.input, scale: scaleText(contract.input.scale) }, inputOrder),
    output: ordered(contract.output, outputOrder),
    postprocess: ordered(contract.postprocess, postprocessOrder),
    // A built-in list is named, not spelled out.
    classes: { source, match, ...(contract.classes.cocoIds === undefined ? { names } : {}) },
  };
  return header(title) + formatValues(plain, sources);
}

/**
 * The part of a contract known without the model's tensors (an engine
 * without TensorRT), then a comment naming the keys left out because only
 * the opened engine tells them. Also a valid --model-config file.
 */
export function formatPartialContract(
  values: PartialContract,
  sources: Readonly<Record<string, string>>,
  needsEngine: readonly string[],
  title?: string,
): string {
  const input = values.input ?? {};
  const plain = {
    ...(values.preset !== undefined ? { preset: values.preset } : {}),
    input: ordered(
      { ...input, ...(input.scale !== undefined ? { scale: scaleText(input.scale) } : {}) },
      inputOrder,
    ),
    output: ordered(values.output ?? {}, outputOrder),
    postprocess: ordered(values.postprocess ?? {}, postprocessOrder),
    ...(values.classes !== undefined ? { classes: values.classes } : {}),
  };
  const missing =
    needsEngine.length === 0
      ? ''
      : `# Not known until the engine is opened with TensorRT (its tensors tell): ${needsEngine.join(', ')}.\n` +
        '# Run where TensorRT is installed (trtmap doctor), or set them with flags or --model-config.\n';
  return header(title) + missing + formatValues(plain, sources);
}

function header(title: string | undefined): string {
  return (
    `# trtmap model contract${title ? ` for ${title}` : ''}: each value, then where it came from.\n` +
    '# value = (pixel x scale - mean[c]) / std[c], pixel 0..255 in input.channelOrder.\n'
  );
}

function formatValues(plain: object, sources: Readonly<Record<string, string>>): string {
  const doc = new Document(plain);
  visit(doc, {
    Pair(_key, pair, path) {
      if (!isScalar(pair.key)) return;
      const keys = path.filter(isPair).map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
      const dotted = [...keys, String(pair.key.value)].join('.');
      if (isSeq(pair.value)) pair.value.flow = true;
      const from = sourceOf(dotted, sources);
      if (from !== undefined && (isScalar(pair.value) || isSeq(pair.value)))
        pair.value.comment = ` ${from}`;
      if (isMap(pair.value) && dotted === 'output.outputs')
        pair.value.flow = pair.value.items.length === 0;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

function sourceOf(path: string, sources: Readonly<Record<string, string>>): string | undefined {
  if (path.startsWith('classes.') && path !== 'classes.match') return sources['classes.source'];
  if (path === 'classes.match')
    return sources['classes.match'] ?? 'trtmap default for this kind of list';
  return sources[path];
}

/** 1/255 as "1/255" (the config file reads fractions), other scales as numbers. */
function scaleText(scale: number): number | string {
  for (const divisor of [255, 127.5, 128])
    if (Math.abs(scale - 1 / divisor) < 1e-15) return `1/${divisor}`;
  return scale;
}

const inputOrder = [
  'name',
  'width',
  'height',
  'layout',
  'dtype',
  'channels',
  'channelOrder',
  'resize',
  'anchor',
  'rounding',
  'padValue',
  'interpolation',
  'scale',
  'mean',
  'std',
];
const outputOrder = ['family', 'outputs'];
const postprocessOrder = ['conf', 'nms', 'iou', 'maxDet', 'maxCandidates'];

/** The keys in `order` first, the others after, as they came; undefined values left out. */
function ordered<T extends object>(value: T, order: readonly string[]): T {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  return Object.fromEntries(entries.sort(([a], [b]) => rank(a) - rank(b))) as T;
}
