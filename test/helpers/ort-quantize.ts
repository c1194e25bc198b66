import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ContractRequest } from '../../lib/contract/resolve.js';
import { openModel } from '../../lib/pipeline/open.js';
import { imageCalibrationFeed } from '../../lib/quantize/images.js';

// From the repository root (the tests' working directory): the Node 16 run executes compiled
// copies of the tests from build-node16/, where a path relative to this file finds nothing.
const script = path.resolve('bench/quantize_reference.py');

/**
 * onnxruntime's own quantizer on a model, the anchor of issue 13: the
 * calibration images preprocessed by the model's contract (the tensors
 * trtmap's calibration sees), written raw, then bench/quantize_reference.py
 * (quantize_static, QDQ, per channel, symmetric int8, MinMax / Entropy /
 * Percentile; onnxruntime.transformers.float16). Returns the models by name.
 */
export async function ortQuantizedModels(
  onnx: string,
  contract: ContractRequest,
  calibrationImages: readonly string[],
  folder: string,
): Promise<Record<string, string>> {
  const opened = await openModel({ onnx }, { contract, backend: 'onnxruntime' });
  const input = { name: opened.bound.inputName, spec: opened.bound.input };
  await opened.backend.dispose();
  const tensors: Buffer[] = [];
  for await (const batch of imageCalibrationFeed(calibrationImages, input)()) {
    const data = batch[input.name]!.data as Float32Array;
    tensors.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }
  const raw = path.join(folder, 'calib.f32');
  writeFileSync(raw, Buffer.concat(tensors));
  const shape = `1,${input.spec.channels},${input.spec.height},${input.spec.width}`;
  execFileSync(process.env.PYTHON ?? 'python3', [script, onnx, raw, input.name, shape, folder], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const models: Record<string, string> = {};
  for (const method of ['minmax', 'entropy', 'percentile']) {
    const file = path.join(folder, `ort-int8-${method}.onnx`);
    if (existsSync(file)) models[`ORT INT8 ${method}`] = file;
  }
  return models;
}
