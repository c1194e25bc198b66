import { readFileSync } from 'node:fs';
import { TrtmapError } from '../errors.js';
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

/** Reads a cfg and its weights and converts them; the caller writes `onnx` where it wants. */
export function convertDarknetFiles(
  cfgPath: string,
  weightsPath: string,
  options: NetworkOptions & ConvertOptions = {},
): DarknetFilesConversion {
  const network = parseNetwork(readText(cfgPath), cfgPath, options);
  const weights = readWeights(readBytes(weightsPath), network, weightsPath);
  const result = convertDarknet(network, weights, options);
  return { ...result, network, weights, onnx: encodeModel(result.model) };
}

function readText(file: string): string {
  return readBytes(file).toString('utf8');
}

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new TrtmapError('ERR_FILE_NOT_FOUND', `${file}: no such file`, { file, cause: error });
    throw new TrtmapError('ERR_IO', `${file}: cannot read (${code ?? String(error)})`, {
      file,
      cause: error,
    });
  }
}
