import { TrtmapError } from '../../errors.js';
import { float16Max, float32ToFloat16 } from '../../onnx/float16.js';
import {
  GraphIndex,
  intAttribute,
  makeNode,
  makeValueInfo,
  sortTopologically,
} from '../../onnx/graph.js';
import {
  DataType,
  decodeModel,
  encodeModelProto,
  type ModelProto,
  type NodeProto,
  type TensorProto,
} from '../../onnx/proto.js';
import { float16Tensor, tensorDims, tensorToFloat32 } from '../../onnx/tensor.js';
import { inferElementTypes } from '../../onnx/types.js';
import { MinMaxCalibrator } from '../calibrators/calibrator.js';
import { type CalibrationFeed, collectActivations } from '../collect.js';
import { floatActivations } from '../float-tensors.js';
import { setQuantizationMetadata } from '../metadata.js';
import { detectionTail } from '../tail.js';
import { defaultFp16DataMax, float32OnlyInputs, fp16BlockList } from './block-list.js';

export interface Fp16Options {
  /** Keep graph inputs and outputs float32, with Casts at the boundary (default true). */
  keepIoTypes?: boolean;
  /** Calibration inputs: nodes whose activations exceed `dataMax` on them stay FP32. */
  calibration?: CalibrationFeed;
  /** Largest |activation| a node may see in FP16 (AutoCast's data_max, 512). */
  dataMax?: number;
  /** Keep the detection tail (box decode, final activations) in FP32 (default true). */
  keepTail?: boolean;
  excludeNodes?: readonly string[];
  excludeOps?: readonly string[];
  threads?: number;
}

export interface Fp16Result {
  model: ModelProto;
  /** Node name -> why it stayed FP32. */
  keptFp32: Map<string, string>;
  /** Nodes converted to FP16. */
  converted: number;
  /** Largest |value| per float activation on the calibration data (when measured). */
  activationMax?: Map<string, number>;
}

/**
 * FP16 conversion with FP32 fallback: float initializers and computation in
 * float16, graph inputs and outputs float32 with Casts at the boundary, and
 * FP32 kept for the op block list (block-list.ts), the detection tail, the
 * nodes excluded by name or type, nodes outside the default domain, and —
 * measured as ModelOpt AutoCast does — nodes whose inputs or outputs reach
 * `dataMax` on the calibration data. Casts join the FP16 and FP32 regions.
 * The input model is not modified. Throws ERR_ONNX when calibration cannot
 * run the model.
 */
export async function convertToFp16(
  source: ModelProto,
  options: Fp16Options = {},
): Promise<Fp16Result> {
  const model = decodeModel(encodeModelProto(source));
  const index = new GraphIndex(model.graph!);
  const types = inferElementTypes(index);
  const activationMax = options.calibration
    ? await measureActivations(source, index, options)
    : undefined;
  const keptFp32 = chooseFp32Nodes(index, types, options, activationMax);
  const converted = rewrite(index, types, keptFp32, options.keepIoTypes ?? true);
  setQuantizationMetadata(model, {
    precision: 'fp16',
    dataMax: options.dataMax ?? defaultFp16DataMax,
    measured: activationMax !== undefined,
    keptFp32: Object.fromEntries(keptFp32),
  });
  return { model, keptFp32, converted, activationMax };
}

async function measureActivations(source: ModelProto, index: GraphIndex, options: Fp16Options) {
  const calibrator = new MinMaxCalibrator();
  await collectActivations(
    source,
    floatActivations(index),
    options.calibration!,
    (pass, tensor, values) => calibrator.collect(pass, tensor, values),
    { threads: options.threads },
  );
  return new Map([...calibrator.compute()].map(([tensor, range]) => [tensor, range.amax]));
}

function chooseFp32Nodes(
  index: GraphIndex,
  types: Map<string, number>,
  options: Fp16Options,
  activationMax: Map<string, number> | undefined,
): Map<string, string> {
  const kept = new Map<string, string>();
  const tail = options.keepTail === false ? new Set<string>() : detectionTail(index);
  const excludeNodes = new Set(options.excludeNodes ?? []);
  const excludeOps = new Set(options.excludeOps ?? []);
  const dataMax = options.dataMax ?? defaultFp16DataMax;
  for (const node of index.nodes) {
    const name = node.name ?? '';
    const op = node.opType ?? '';
    const tensors = [...(node.input ?? []), ...(node.output ?? [])].filter(
      (tensor) => types.get(tensor) === DataType.FLOAT,
    );
    if (tensors.length === 0) continue; // no float data: nothing to convert
    const largest = Math.max(0, ...tensors.map((tensor) => activationMax?.get(tensor) ?? 0));
    if (node.domain && node.domain !== 'ai.onnx') kept.set(name, `custom domain ${node.domain}`);
    else if (excludeNodes.has(name)) kept.set(name, '--exclude-nodes');
    else if (excludeOps.has(op)) kept.set(name, '--exclude-ops');
    else if (fp16BlockList[op]) kept.set(name, `op block list: ${fp16BlockList[op]}`);
    else if (largest >= dataMax)
      kept.set(
        name,
        `max |activation| ${largest.toPrecision(4)} >= ${dataMax} on the calibration data${largest > float16Max ? ' (beyond float16)' : ''}`,
      );
    else if (tail.has(name) && !isWeighted(op))
      kept.set(name, 'detection tail (box decode, final activations)');
  }
  return kept;
}

const isWeighted = (op: string) =>
  op === 'Conv' || op === 'ConvTranspose' || op === 'Gemm' || op === 'MatMul';

/** Converts the chosen nodes' float tensors to float16 and inserts the boundary Casts; returns how many nodes run in FP16. */
function rewrite(
  index: GraphIndex,
  types: Map<string, number>,
  keptFp32: Map<string, string>,
  keepIoTypes: boolean,
): number {
  const graph = index.graph;
  const fp16Nodes = index.nodes.filter(
    (node) => !keptFp32.has(node.name ?? '') && hasFloat(node, types),
  );
  const fp16Set = new Set(fp16Nodes);
  // A float tensor is stored as float16 when an FP16 node produces it (or, for a graph input, when io types change).
  const half = new Set<string>();
  for (const node of fp16Nodes)
    for (const output of node.output ?? [])
      if (types.get(output) === DataType.FLOAT) half.add(output);
  if (!keepIoTypes)
    for (const input of graph.input ?? [])
      if (
        types.get(input.name ?? '') === DataType.FLOAT &&
        !index.initializers.has(input.name ?? '')
      )
        half.add(input.name ?? '');

  const nodes = [...index.nodes];
  const initializers = [...(graph.initializer ?? [])];
  const castCache = new Map<string, string>();
  const cast = (tensor: string, to: number): string => {
    const key = `${tensor}|${to}`;
    let name = castCache.get(key);
    if (!name) {
      name = index.uniqueName(`${tensor}_${to === DataType.FLOAT16 ? 'fp16' : 'fp32'}`);
      nodes.push(
        makeNode(
          'Cast',
          [tensor],
          [name],
          [intAttribute('to', to)],
          index.uniqueName(`${tensor}_Cast`),
        ),
      );
      castCache.set(key, name);
    }
    return name;
  };
  const halfConstants = new Map<string, string>();
  const halfConstant = (tensor: TensorProto): string => {
    const name = tensor.name ?? '';
    let converted = halfConstants.get(name);
    if (!converted) {
      converted = index.uniqueName(`${name}_fp16`);
      initializers.push(
        float16Tensor(converted, tensorDims(tensor), float32ToFloat16(tensorToFloat32(tensor))),
      );
      halfConstants.set(name, converted);
    }
    return converted;
  };

  for (const node of index.nodes) {
    const inFp16 = fp16Set.has(node);
    const fixedFloat32 = new Set(float32OnlyInputs[node.opType ?? ''] ?? []);
    node.input = (node.input ?? []).map((tensor, position) => {
      if (tensor === '' || types.get(tensor) !== DataType.FLOAT) return tensor;
      const wantHalf = inFp16 && !fixedFloat32.has(position);
      const initializer = index.initializers.get(tensor);
      if (initializer) return wantHalf ? halfConstant(initializer) : tensor;
      if (wantHalf === half.has(tensor)) return tensor;
      return cast(tensor, wantHalf ? DataType.FLOAT16 : DataType.FLOAT);
    });
    if (inFp16) convertAttributes(node);
  }
  for (const constant of index.nodes.filter(
    (node) => node.opType === 'Constant' && fp16Set.has(node),
  )) {
    // A Constant in the FP16 region produces float16 directly.
    const attribute = (constant.attribute ?? []).find((entry) => entry.name === 'value');
    if (attribute?.t && attribute.t.dataType === DataType.FLOAT) {
      const values = tensorToFloat32(attribute.t);
      attribute.t = float16Tensor(
        attribute.t.name ?? '',
        tensorDims(attribute.t),
        float32ToFloat16(values),
      );
    }
  }
  // Graph outputs: float32 again when io types are kept.
  const outputs = graph.output ?? [];
  for (const output of outputs) {
    const name = output.name ?? '';
    if (!half.has(name)) continue;
    if (keepIoTypes) {
      const renamed = index.uniqueName(`${name}_fp16`);
      for (const node of nodes) {
        node.output = (node.output ?? []).map((tensor) => (tensor === name ? renamed : tensor));
        node.input = (node.input ?? []).map((tensor) => (tensor === name ? renamed : tensor));
      }
      nodes.push(
        makeNode(
          'Cast',
          [renamed],
          [name],
          [intAttribute('to', DataType.FLOAT)],
          index.uniqueName(`${name}_Cast`),
        ),
      );
      half.delete(name);
      half.add(renamed);
    } else if (output.type?.tensorType) output.type.tensorType.elemType = DataType.FLOAT16;
  }
  if (!keepIoTypes)
    for (const input of graph.input ?? [])
      if (half.has(input.name ?? '') && input.type?.tensorType)
        input.type.tensorType.elemType = DataType.FLOAT16;
  graph.valueInfo = (graph.valueInfo ?? []).map((info) =>
    half.has(info.name ?? '') ? makeValueInfo(info.name ?? '', DataType.FLOAT16) : info,
  );
  graph.node = nodes;
  graph.initializer = initializers;
  removeUnused(graph);
  sortTopologically(graph);
  if (fp16Nodes.length === 0) {
    throw new TrtmapError(
      'ERR_UNSUPPORTED',
      'no node of the model could be converted to FP16 (every float node is blocked or excluded)',
    );
  }
  return fp16Nodes.length;
}

function hasFloat(node: NodeProto, types: Map<string, number>): boolean {
  return [...(node.input ?? []), ...(node.output ?? [])].some(
    (tensor) => types.get(tensor) === DataType.FLOAT,
  );
}

/** Float attributes typed by the data (ConstantOfShape value) follow the node into float16. */
function convertAttributes(node: NodeProto): void {
  if (node.opType !== 'ConstantOfShape') return;
  const attribute = (node.attribute ?? []).find((entry) => entry.name === 'value');
  if (attribute?.t && attribute.t.dataType === DataType.FLOAT) {
    attribute.t = float16Tensor(
      attribute.t.name ?? '',
      tensorDims(attribute.t),
      float32ToFloat16(tensorToFloat32(attribute.t)),
    );
  }
}

/** Drops initializers no node reads any more (the float32 copies of converted weights). */
function removeUnused(graph: NonNullable<ModelProto['graph']>): void {
  const used = new Set<string>();
  for (const node of graph.node ?? []) for (const input of node.input ?? []) used.add(input);
  for (const output of graph.output ?? []) used.add(output.name ?? '');
  const removed = new Set(
    (graph.initializer ?? []).map((tensor) => tensor.name ?? '').filter((name) => !used.has(name)),
  );
  graph.initializer = (graph.initializer ?? []).filter((tensor) => !removed.has(tensor.name ?? ''));
  // Models of IR < 4 also list initializers as graph inputs: those go with them.
  graph.input = (graph.input ?? []).filter((input) => !removed.has(input.name ?? ''));
}
