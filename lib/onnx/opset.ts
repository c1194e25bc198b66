import { TrtmapError } from '../errors.js';
import { GraphIndex } from './graph.js';
import { onnx, type ModelProto, type NodeProto, toNumber } from './proto.js';
import { int64Tensor } from './tensor.js';

/** The default-domain opset a model imports (0 when none). */
export function defaultOpset(model: ModelProto): number {
  const entry = (model.opsetImport ?? []).find((item) => !item.domain || item.domain === 'ai.onnx');
  return toNumber(entry?.version);
}

/** Operators whose `axes`/`split` attribute became an input in opset 13 (onnx/defs changelog). */
const attributeToInput: Record<string, { attribute: string; input: number }> = {
  Split: { attribute: 'split', input: 1 },
  Squeeze: { attribute: 'axes', input: 1 },
  Unsqueeze: { attribute: 'axes', input: 1 },
  ReduceSum: { attribute: 'axes', input: 1 },
};
const coercedSoftmax = new Set(['Softmax', 'LogSoftmax', 'Hardmax']);

/**
 * Raises a model's default-domain opset to 13 (Q/DQ with `axis`, what
 * TensorRT's explicit quantization expects), rewriting the operators whose
 * signature changed on the way from opset 11/12 as onnx's version converter
 * does: `split`/`axes` attributes become int64 inputs; Softmax, LogSoftmax
 * and Hardmax before 13 flattened the input to 2-D at `axis`, which equals
 * the opset-13 operator only when `axis` is the last one (`rankOf` tells
 * the input's rank, measured on a calibration run). Throws ERR_UNSUPPORTED
 * where that cannot be shown, with the fix.
 */
export function upgradeToOpset13(
  model: ModelProto,
  rankOf: (tensor: string) => number | undefined,
): void {
  const from = defaultOpset(model);
  if (from >= 13) return;
  if (from < 11) {
    throw new TrtmapError(
      'ERR_UNSUPPORTED',
      `the model imports opset ${from}; trtmap upgrades opset 11 and 12 to 13 for Q/DQ. Convert it first: python -m onnx.version_converter or re-export with opset >= 13`,
    );
  }
  const index = new GraphIndex(model.graph!);
  const added = [];
  for (const node of index.nodes) {
    const op = node.opType ?? '';
    const move = attributeToInput[op];
    if (move) {
      const attribute = (node.attribute ?? []).find((entry) => entry.name === move.attribute);
      if (!attribute) continue;
      const values = (attribute.ints ?? []).map(toNumber);
      const name = index.uniqueName(`${node.name || op}_${move.attribute}`);
      added.push(int64Tensor(name, [values.length], values));
      const inputs = [...(node.input ?? [])];
      while (inputs.length < move.input) inputs.push('');
      inputs[move.input] = name;
      node.input = inputs;
      node.attribute = (node.attribute ?? []).filter((entry) => entry !== attribute);
    } else if (coercedSoftmax.has(op)) {
      upgradeSoftmax(node, rankOf);
    } else if (op === 'Upsample' || op === 'Scan' || op === 'If' || op === 'Loop') {
      throw new TrtmapError(
        'ERR_UNSUPPORTED',
        `node ${node.name} (${op}) cannot be carried from opset ${from} to 13 by trtmap; re-export the model with opset >= 13`,
      );
    }
  }
  model.graph!.initializer = [...(model.graph!.initializer ?? []), ...added];
  model.opsetImport = [
    ...(model.opsetImport ?? []).filter((item) => item.domain && item.domain !== 'ai.onnx'),
    onnx.OperatorSetIdProto.create({ domain: '', version: 13 }),
  ];
  if (toNumber(model.irVersion) < 7) model.irVersion = 7;
}

function upgradeSoftmax(node: NodeProto, rankOf: (tensor: string) => number | undefined): void {
  const attribute = (node.attribute ?? []).find((entry) => entry.name === 'axis');
  const axis = attribute ? toNumber(attribute.i) : 1;
  const rank = rankOf(node.input?.[0] ?? '');
  if (rank !== undefined && (axis === rank - 1 || axis === -1)) {
    node.attribute = [
      ...(node.attribute ?? []).filter((entry) => entry !== attribute),
      onnx.AttributeProto.create({
        name: 'axis',
        i: -1,
        type: onnx.AttributeProto.AttributeType.INT,
      }),
    ];
    return;
  }
  throw new TrtmapError(
    'ERR_UNSUPPORTED',
    `node ${node.name} (${node.opType}, axis ${axis}) flattens its input before opset 13; trtmap cannot carry it to opset 13 (re-export the model with opset >= 13)`,
  );
}
