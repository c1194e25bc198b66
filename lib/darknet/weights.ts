import { TrtmapError } from '../errors.js';
import {
  convolutionalParameterCount,
  type ConvolutionalLayer,
  type DarknetNetwork,
} from './layers.js';

export interface WeightsHeader {
  major: number;
  minor: number;
  revision: number;
  /** Images seen in training (int64 from version 0.2 on, int32 before). */
  seen: bigint;
  /** 16 or 20. */
  bytes: number;
}

/** One convolutional layer's parameters, in darknet's file order. */
export interface ConvolutionalWeights {
  biases: Float32Array;
  /** Present when the layer has batch_normalize=1. */
  batchNorm?: { scales: Float32Array; mean: Float32Array; variance: Float32Array };
  /** [filters][channels/groups][size][size], the layout ONNX's Conv wants. */
  kernel: Float32Array;
}

export interface DarknetWeights {
  header: WeightsHeader;
  /** By layer index; only convolutional layers carry weights. */
  convolutions: Map<number, ConvolutionalWeights>;
  /** Floats read after the header. */
  parameterCount: number;
}

/**
 * Reads a `.weights` file as load_weights_upto does, but checks that the file
 * holds exactly the floats the cfg needs: darknet itself reads short files
 * silently (leaving zeros) and ignores trailing data, which hides a cfg/weights
 * mismatch until the detections come out wrong.
 */
export function readWeights(
  bytes: Uint8Array,
  network: DarknetNetwork,
  file = '<weights>',
): DarknetWeights {
  const header = readHeader(bytes, file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const available = Math.floor((bytes.length - header.bytes) / 4);
  const convolutions = network.layers.filter(
    (layer): layer is ConvolutionalLayer => layer.kind === 'convolutional',
  );
  const needed = convolutions.reduce((sum, layer) => sum + convolutionalParameterCount(layer), 0);
  const trailingBytes = (bytes.length - header.bytes) % 4;
  if (available !== needed || trailingBytes !== 0) {
    throw countMismatch(network, convolutions, available, needed, trailingBytes, file);
  }
  let offset = header.bytes;
  const take = (count: number): Float32Array => {
    const values = new Float32Array(count);
    for (let index = 0; index < count; index++)
      values[index] = view.getFloat32(offset + 4 * index, true);
    offset += 4 * count;
    return values;
  };
  const result = new Map<number, ConvolutionalWeights>();
  for (const layer of convolutions) {
    const biases = take(layer.filters);
    const batchNorm = layer.batchNormalize
      ? { scales: take(layer.filters), mean: take(layer.filters), variance: take(layer.filters) }
      : undefined;
    const kernel = take(convolutionalParameterCount(layer) - layer.filters * (batchNorm ? 4 : 1));
    result.set(layer.index, { biases, batchNorm, kernel });
  }
  return { header, convolutions: result, parameterCount: needed };
}

function readHeader(bytes: Uint8Array, file: string): WeightsHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 16) {
    throw new TrtmapError(
      'ERR_DARKNET',
      `${file}: ${bytes.length} bytes is too short for a darknet weights header`,
      { file },
    );
  }
  const major = view.getInt32(0, true);
  const minor = view.getInt32(4, true);
  const revision = view.getInt32(8, true);
  // Version 0.2+ stores `seen` as int64; the bounds exclude files whose header is garbage.
  const seen64 = major * 10 + minor >= 2 && major < 1000 && minor < 1000;
  if (seen64 && bytes.length < 20) {
    throw new TrtmapError(
      'ERR_DARKNET',
      `${file}: the header of version ${major}.${minor} needs 20 bytes`,
      { file },
    );
  }
  const seen = seen64 ? view.getBigUint64(12, true) : BigInt(view.getUint32(12, true));
  return { major, minor, revision, seen, bytes: seen64 ? 20 : 16 };
}

function countMismatch(
  network: DarknetNetwork,
  convolutions: ConvolutionalLayer[],
  available: number,
  needed: number,
  trailingBytes: number,
  file: string,
): TrtmapError {
  const found = `${file} holds ${available} floats after its header but ${network.file} needs ${needed}`;
  const trailing = trailingBytes ? ` and ${trailingBytes} stray trailing bytes` : '';
  if (available > needed) {
    return new TrtmapError(
      'ERR_DARKNET',
      `${found}: ${available - needed} floats left over${trailing}; do the cfg and weights belong together?`,
      { file },
    );
  }
  if (available === needed) {
    return new TrtmapError('ERR_DARKNET', `${found}, plus ${trailingBytes} stray trailing bytes`, {
      file,
    });
  }
  // Name the layer where the file runs out: the likeliest place the cfg differs.
  let consumed = 0;
  let where = convolutions[convolutions.length - 1];
  for (const layer of convolutions) {
    consumed += convolutionalParameterCount(layer);
    if (consumed > available) {
      where = layer;
      break;
    }
  }
  return new TrtmapError(
    'ERR_DARKNET',
    `${found}: ${needed - available} floats missing${trailing}; the file ends inside layer ${where.index} [convolutional] (${network.file}:${where.line})`,
    { file },
  );
}
