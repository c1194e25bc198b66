import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TrtmapError } from '../../errors.js';
import { DataType, encodeModelProto, type ModelProto, readModel } from '../../onnx/proto.js';
import { emulateFp16 } from './emulate.js';

/** What a run on the FP32 twin adds to the backend's description (compare's FP16 leg says the same). */
export const emulatedBackendNote = 'FP32 with float16 rounding';

/**
 * Whether an ONNX model stores any tensor in float16: a float16 initializer,
 * a Cast to float16, or a float16 graph input, output or value_info
 * (onnx.proto TensorProto.DataType FLOAT16 = 10).
 */
export function storesFloat16(model: ModelProto): boolean {
  const graph = model.graph;
  if (!graph) return false;
  if ((graph.initializer ?? []).some((tensor) => tensor.dataType === DataType.FLOAT16)) return true;
  const values = [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.valueInfo ?? [])];
  if (values.some((value) => value.type?.tensorType?.elemType === DataType.FLOAT16)) return true;
  return (graph.node ?? []).some(
    (node) =>
      node.opType === 'Cast' &&
      (node.attribute ?? []).some(
        (attribute) => attribute.name === 'to' && Number(attribute.i) === DataType.FLOAT16,
      ),
  );
}

/**
 * Runs `attempt` on the ONNX model `onnx`; where ONNX Runtime cannot load it
 * (ERR_ONNX from session creation: its CPU provider lacks a float16 kernel,
 * or a float16 function body it cannot type) and the model stores float16,
 * writes the model's FP32 twin with float16 rounding at every tensor the
 * FP16 model stores in float16 (emulateFp16) to a temporary folder, tells
 * `note` why, and runs `attempt` on the twin instead; the folder is removed
 * afterwards. Any other error, or an error on a model without float16, is
 * rethrown as it is. Returns what `attempt` returns and whether the twin ran.
 */
export async function withFp16Twin<T>(
  onnx: string,
  attempt: (onnx: string) => Promise<T>,
  note: (line: string) => void,
): Promise<{ result: T; emulated: boolean }> {
  try {
    return { result: await attempt(onnx), emulated: false };
  } catch (error) {
    if (!(error instanceof TrtmapError) || error.code !== 'ERR_ONNX') throw error;
    let model: ModelProto;
    try {
      model = readModel(onnx);
    } catch {
      throw error;
    }
    if (!storesFloat16(model)) throw error;
    const folder = mkdtempSync(path.join(os.tmpdir(), 'trtmap-fp16-twin-'));
    try {
      const twin = path.join(folder, `${path.basename(onnx, '.onnx')}-fp32-emulated.onnx`);
      writeFileSync(twin, encodeModelProto(emulateFp16(model)));
      note(
        `ONNX Runtime cannot run this float16 model on the CPU (${firstLine(error.message)}); running its FP32 twin with float16 rounding at every tensor the model stores in float16 (weights and activations), as compare's FP16 leg does`,
      );
      return { result: await attempt(twin), emulated: true };
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
}

function firstLine(text: string): string {
  const line = text.split('\n')[0];
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
}
