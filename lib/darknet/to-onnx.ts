import { TrtmapError } from '../errors.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { TensorDataType, type Dimension, type ModelDef, type ValueInfoDef } from '../onnx/model.js';
import type { DarknetLayer, DarknetNetwork, YoloLayer } from './layers.js';
import { DECODER_METADATA_KEY, decoderMetadata, type YoloDecoderMetadata } from './metadata.js';
import {
  emitAvgpool,
  emitConvolutional,
  emitMaxpool,
  emitRoute,
  emitScaleChannels,
  emitShortcut,
  emitUpsample,
  type EmitContext,
} from './onnx-layers.js';
import { mismatchWarnings } from './warnings.js';
import type { DarknetWeights } from './weights.js';

export interface ConvertOptions {
  /** A fixed batch size, or 'dynamic' for a symbolic "batch" dimension. Default 1. */
  batch?: number | 'dynamic';
  /** ONNX opset, 11 to 21. Default 11 (TensorRT 8.2 on JetPack 4.6 reads it). */
  opset?: number;
  producerVersion?: string;
}

export interface ConversionResult {
  model: ModelDef;
  decoder: YoloDecoderMetadata;
  /** Things the user should know, such as a suspicious anchor mask. */
  warnings: string[];
  /** Floats of the ONNX initializers (after folding batch norm). */
  onnxParameters: number;
}

export const INPUT_NAME = 'input';
const MIN_OPSET = 11;
const MAX_OPSET = 21;
// The lowest IR version that may declare each opset (onnx/helper.py VERSION_TABLE).
const IR_VERSION_FOR_OPSET: Record<number, number> = {
  11: 6,
  12: 7,
  13: 7,
  14: 7,
  15: 8,
  16: 8,
  17: 8,
  18: 8,
  19: 9,
  20: 9,
  21: 10,
};

export function convertDarknet(
  network: DarknetNetwork,
  weights: DarknetWeights,
  options: ConvertOptions = {},
): ConversionResult {
  const opset = options.opset ?? MIN_OPSET;
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `Expected an opset from ${MIN_OPSET} to ${MAX_OPSET} but received ${opset}`,
    );
  }
  const batch: Dimension = options.batch === 'dynamic' ? 'batch' : (options.batch ?? 1);
  const builder = new GraphBuilder();
  const context: EmitContext = { builder, opset, tensors: [], layers: network.layers };
  let current = builder.reserve(INPUT_NAME);
  const heads: { layer: YoloLayer; tensor: string }[] = [];
  for (const layer of network.layers) {
    current = emitLayer(context, layer, current, weights);
    context.tensors.push(current);
    if (layer.kind === 'yolo') heads.push({ layer, tensor: current });
  }
  if (heads.length === 0) {
    throw new TrtmapError(
      'ERR_DARKNET',
      `${network.file}: no [yolo] layer; trtmap converts YOLO detectors only`,
    );
  }
  const outputs = nameOutputs(builder, heads);
  const shapeOf = (shape: { channels: number; height: number; width: number }): Dimension[] => [
    batch,
    shape.channels,
    shape.height,
    shape.width,
  ];
  const input: ValueInfoDef = {
    name: INPUT_NAME,
    elemType: TensorDataType.Float,
    shape: shapeOf({ ...network.net }),
  };
  const outputInfos = outputs.map(({ layer, output }) => ({
    name: output,
    elemType: TensorDataType.Float,
    shape: shapeOf(layer.output),
  }));
  const decoder = decoderMetadata(network, INPUT_NAME, outputs);
  const model: ModelDef = {
    irVersion: IR_VERSION_FOR_OPSET[opset],
    opsetVersion: opset,
    producerName: 'trtmap',
    producerVersion: options.producerVersion ?? '',
    docString: `Converted from darknet ${network.file} by trtmap convert darknet`,
    graph: builder.build(baseName(network.file), [input], outputInfos),
    metadata: { [DECODER_METADATA_KEY]: JSON.stringify(decoder) },
  };
  const onnxParameters = builder.initializers.reduce((sum, tensor) => sum + tensor.data.length, 0);
  const warnings = [...(network.warnings ?? []), ...mismatchWarnings(network)];
  return { model, decoder, warnings, onnxParameters };
}

function emitLayer(
  context: EmitContext,
  layer: DarknetLayer,
  input: string,
  weights: DarknetWeights,
): string {
  switch (layer.kind) {
    case 'convolutional': {
      const layerWeights = weights.convolutions.get(layer.index);
      if (layerWeights === undefined)
        throw new TrtmapError('ERR_INTERNAL', `no weights for layer ${layer.index}`);
      return emitConvolutional(context, layer, input, layerWeights);
    }
    case 'maxpool':
      return emitMaxpool(context, layer, input);
    case 'upsample':
      return emitUpsample(context, layer, input);
    case 'route':
      return emitRoute(context, layer);
    case 'shortcut':
      return emitShortcut(context, layer, input);
    case 'avgpool':
      return emitAvgpool(context, layer.index, input);
    case 'scale_channels':
      return emitScaleChannels(context, layer, input);
    case 'dropout':
    case 'yolo':
      // Dropout is the identity at inference; a [yolo] head is exported raw.
      return input;
  }
}

/**
 * Each head's tensor becomes an output named `yolo_<layer>`. Renaming the
 * producing node keeps the graph free of Identity nodes; a tensor that cannot
 * be renamed (the input itself, or shared by two heads) gets an Identity.
 */
function nameOutputs(builder: GraphBuilder, heads: { layer: YoloLayer; tensor: string }[]) {
  const renamed = new Set<string>();
  return heads.map(({ layer, tensor }) => {
    const name = builder.uniqueName(`yolo_${layer.index}`);
    if (tensor === INPUT_NAME || renamed.has(tensor)) {
      builder.nodes.push({ name, opType: 'Identity', inputs: [tensor], outputs: [name] });
    } else {
      builder.rename(tensor, name);
      renamed.add(name);
    }
    return { layer, output: name };
  });
}

function baseName(file: string): string {
  return (
    file
      .split(/[\\/]/)
      .pop()
      ?.replace(/\.cfg$/i, '') || 'darknet'
  );
}
