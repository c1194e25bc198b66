import { type BackendChoice } from '../backends/backend.js';
import { openBackend, type OpenedBackend } from '../backends/select.js';
import type { ModelDescription } from '../detect/model.js';
import { guessPreset, type Preset, type PresetName, resolvePreset } from '../detect/presets.js';
import { TrtmapError } from '../errors.js';
import { loadModel, type LoadedModel, type ModelFiles } from './model.js';

export interface OpenedModel extends OpenedBackend {
  model: LoadedModel;
  preset: Preset;
}

/** Loads the model, opens it on a backend and resolves its preset (checking its input shape). */
export async function openModel(
  files: ModelFiles,
  options: { preset?: PresetName; backend?: BackendChoice; threads?: number } = {},
): Promise<OpenedModel> {
  const model = loadModel(files);
  const opened = await openBackend(options.backend ?? 'auto', model.source, {
    threads: options.threads,
  });
  try {
    const description: ModelDescription = {
      inputs: opened.backend.inputs,
      outputs: opened.backend.outputs,
      yolo: model.yolo,
    };
    const name = options.preset ?? guessPreset(description);
    if (name === undefined) {
      throw new TrtmapError(
        'ERR_INVALID_ARGUMENT',
        `cannot tell which preset ${model.source.path} needs; pass --preset (ssd-mobilenet-v1, fastestdet or yolo)`,
      );
    }
    return { ...opened, model, preset: resolvePreset(name, description) };
  } catch (error) {
    await opened.backend.dispose();
    throw error;
  }
}
