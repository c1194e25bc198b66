import { readBytesSync, decodeText } from '../data/text.js';
import { TrtmapError } from '../errors.js';
import { normalizePreprocessSpec, tensorShape, type PreprocessSpec } from '../image/spec.js';
import { encodeModel } from '../onnx/model.js';
import type { DarknetNetwork } from './layers.js';
import { parseNetwork, type NetworkOptions } from './network.js';
import { convertDarknet, type ConversionResult, type ConvertOptions } from './to-onnx.js';
import { readWeights, type DarknetWeights } from './weights.js';

export interface DarknetFilesConversion extends ConversionResult {
  network: DarknetNetwork;
  weights: DarknetWeights;
  /** The serialized ModelProto. */
  onnx: Uint8Array;
}

/**
 * Reads a cfg and its weights and converts them; the caller writes `onnx`
 * where it wants. The cfg is text in any encoding lib/data/text.ts reads (a
 * byte-order mark from a Windows editor, UTF-16); a weights file given as
 * the cfg (arguments swapped), or a file that is no cfg at all, is an
 * ERR_DARKNET saying so before anything is parsed.
 */
export function convertDarknetFiles(
  cfgPath: string,
  weightsPath: string,
  options: NetworkOptions & ConvertOptions = {},
): DarknetFilesConversion {
  const cfgBytes = readBytesSync(cfgPath);
  const weightsBytes = readBytesSync(weightsPath);
  checkFileKinds(cfgPath, cfgBytes, weightsPath, weightsBytes);
  const network = parseNetwork(decodeText(cfgBytes, cfgPath), cfgPath, options);
  checkChannels(network);
  const weights = readWeights(weightsBytes, network, weightsPath);
  const result = convertDarknet(network, weights, options);
  return { ...result, network, weights, onnx: encodeModel(result.model) };
}

/** What a file looks like from its first bytes: darknet cfg text, binary, or a format named by its magic. */
export function sniffModelFile(
  bytes: Uint8Array,
): 'text' | 'binary' | 'tflite' | 'onnx-or-protobuf' {
  if (bytes.length >= 8 && String.fromCharCode(...bytes.subarray(4, 8)) === 'TFL3') return 'tflite';
  const head = bytes.subarray(0, 4096);
  if (looksLikeText(head)) return 'text';
  return bytes[0] === 0x08 ? 'onnx-or-protobuf' : 'binary';
}

/**
 * darknet feeds `channels=1` models one gray plane. trtmap converts them
 * only when its preprocessing can make that plane (PreprocessSpec
 * `channels: 1`), so a model that converts is a model `eval` and `detect`
 * can run; otherwise it refuses here, at convert time, saying why.
 */
function checkChannels(network: DarknetNetwork): void {
  const { channels, line } = network.net;
  if (channels === 3 || (channels === 1 && grayPreprocessingAvailable())) return;
  throw new TrtmapError(
    'ERR_UNSUPPORTED',
    `${network.file}:${line}: [net] channels=${channels}: ` +
      (channels === 1
        ? 'a grayscale model, which this build cannot feed (its preprocessing makes 3-channel ' +
          'input); it is refused now rather than converted into a model eval and detect cannot run'
        : 'trtmap converts models of 3 (RGB) or 1 (gray) channels'),
    { file: network.file },
  );
}

/** Whether lib/image makes one-channel input (the `channels` field of PreprocessSpec). */
export function grayPreprocessingAvailable(): boolean {
  try {
    const spec = { width: 8, height: 8, interpolation: 'darknet', channels: 1 } as PreprocessSpec;
    const normalized = normalizePreprocessSpec(spec);
    return (
      (normalized as { channels?: number }).channels === 1 || tensorShape(normalized, 1)[1] === 1
    );
  } catch {
    return false;
  }
}

function checkFileKinds(
  cfgPath: string,
  cfgBytes: Uint8Array,
  weightsPath: string,
  weightsBytes: Uint8Array,
): void {
  const cfgKind = sniffModelFile(cfgBytes);
  const weightsKind = sniffModelFile(weightsBytes);
  if (cfgKind !== 'text' && weightsKind === 'text') {
    throw new TrtmapError(
      'ERR_DARKNET',
      `${cfgPath} is binary and ${weightsPath} is text: the arguments look swapped; ` +
        'give the .cfg first, then the .weights',
      { file: cfgPath },
    );
  }
  if (cfgKind !== 'text') {
    throw new TrtmapError(
      'ERR_DARKNET',
      `${cfgPath} is not a darknet cfg (${describeKind(cfgKind)}); give the model's .cfg text file`,
      { file: cfgPath },
    );
  }
  if (weightsKind === 'text') {
    throw new TrtmapError(
      'ERR_DARKNET',
      `${weightsPath} is a text file, not darknet weights; give the binary .weights file ` +
        '(the same cfg twice?)',
      { file: weightsPath },
    );
  }
}

function describeKind(kind: ReturnType<typeof sniffModelFile>): string {
  if (kind === 'tflite') return 'a TensorFlow Lite model';
  if (kind === 'onnx-or-protobuf') return 'binary data, an ONNX model or darknet weights?';
  return 'binary data: darknet weights?';
}

/**
 * Text in UTF-8 (any byte-order mark) or UTF-16 with one: no NUL bytes
 * outside a UTF-16 file, and control characters only as whitespace.
 */
function looksLikeText(head: Uint8Array): boolean {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return true;
  if (head.length === 0) return true;
  for (const byte of head) {
    if (
      byte === 0 ||
      (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c)
    ) {
      return false;
    }
  }
  return true;
}
