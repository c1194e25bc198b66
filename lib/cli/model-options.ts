import { backendChoices, type BackendChoice } from '../backends/backend.js';
import { presetNames, type PresetName } from '../detect/presets.js';
import type { ModelFiles } from '../pipeline/model.js';
import { type OptionSpecs, type ParsedArgs, choiceOption, numberOption } from './args.js';

/** Options `eval` and `detect` share: how to run the model. */
export const runOptions: OptionSpecs = {
  preset: {
    type: 'string',
    valueName: presetNames.join('|'),
    description: "the model's pre/post-processing contract (default: guessed from the model)",
  },
  backend: {
    type: 'string',
    valueName: 'auto|tensorrt|onnxruntime',
    description: 'auto (default): TensorRT when it can run the model, else ONNX Runtime (CPU)',
  },
  conf: { type: 'string', valueName: 't', description: 'score threshold' },
  threads: { type: 'string', valueName: 'n', description: 'ONNX Runtime threads per operator' },
};

export function parseRunOptions(parsed: ParsedArgs): {
  preset?: PresetName;
  backend: BackendChoice;
  scoreThreshold?: number;
  threads?: number;
} {
  const conf = parsed.values.has('conf')
    ? numberOption(parsed, 'conf', 0, (v) => v >= 0 && v <= 1, 'a number in [0, 1]')
    : undefined;
  const threads = parsed.values.has('threads')
    ? numberOption(parsed, 'threads', 0, (v) => Number.isInteger(v) && v > 0, 'a positive integer')
    : undefined;
  return {
    preset: choiceOption(parsed, 'preset', presetNames),
    backend: choiceOption(parsed, 'backend', backendChoices) ?? 'auto',
    scoreThreshold: conf,
    threads,
  };
}

/** A model path: .onnx, .engine/.plan/.trt, or a darknet .cfg (weights beside it unless given). */
export function modelFilesOf(model: string, weights?: string): ModelFiles {
  const lower = model.toLowerCase();
  if (lower.endsWith('.cfg')) {
    return { darknet: { cfg: model, weights: weights ?? model.replace(/\.cfg$/i, '.weights') } };
  }
  if (/\.(engine|plan|trt)$/.test(lower)) return { engine: model };
  return { onnx: model };
}
