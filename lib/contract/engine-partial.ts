import { readModelConfig } from './config-file.js';
import { resolveClasses } from './classes.js';
import { mergeLayers, type Layer } from './layers.js';
import { metadataOf } from './metadata.js';
import { defaultPresetOf, findPreset } from './presets.js';
import { type ContractRequest, fillRounding, trtmapDefaults } from './resolve.js';
import type { PartialContract } from './types.js';

/** What can be said of an engine's contract without opening it, and what cannot. */
export interface PartialResolution {
  values: PartialContract;
  sources: Record<string, string>;
  /** Dotted keys whose value only the engine's tensors tell. */
  needsEngine: string[];
  notes: string[];
}

/**
 * The keys the engine's own tensors settle (trtmap reads them from the
 * deserialized engine: ICudaEngine's I/O tensor names, shapes and types).
 */
const fromTensors = [
  'input.name',
  'input.width',
  'input.height',
  'input.layout',
  'input.dtype',
  'input.channels',
  'output.family',
  'output.outputs',
];

/**
 * The contract of an engine file as far as it is known without TensorRT:
 * trtmap's defaults, the preset (named, or YOLOv8's for an Ultralytics header
 * of a detection model), the header's metadata (an Ultralytics `.engine`:
 * names, imgsz, task, ...; lib/trt readEngineMetadata), the config file and
 * the flags, the same layers as resolveContract without the model's tensors.
 * Values that need the engine opened are listed, not guessed.
 */
export function resolveEngineWithoutTensors(
  metadata: Readonly<Record<string, unknown>> | undefined,
  request: ContractRequest,
): PartialResolution {
  const config = request.configFile !== undefined ? readModelConfig(request.configFile) : undefined;
  const flags = request.flags ?? {};
  const described = metadataOf({ inputs: [], outputs: [], metadata });
  const notes: string[] = [];
  const family = flags.output?.family ?? config?.output?.family;
  const named = request.preset ?? flags.preset ?? config?.preset;
  let preset = named !== undefined ? findPreset(named) : undefined;
  if (preset === undefined && family !== undefined) preset = defaultPresetOf(family);
  const task = described.ultralytics?.task;
  if (
    preset === undefined &&
    described.ultralytics !== undefined &&
    (task ?? 'detect') === 'detect'
  ) {
    preset = findPreset('yolov8');
    notes.push(
      'the engine header carries Ultralytics metadata of a detection model: preset yolov8 (YOLOv8/YOLO11 layout); its output tensors confirm the family when the engine is opened',
    );
  }
  const layers: Layer[] = [
    { source: 'trtmap default', values: trtmapDefaults },
    ...(preset
      ? [{ source: `preset ${preset.name}`, values: { ...preset.values, preset: preset.name } }]
      : []),
    ...(described.values ? [{ source: described.source!, values: described.values }] : []),
    ...(config ? [{ source: `--model-config ${request.configFile}`, values: config }] : []),
    { source: 'command line', values: flags, sources: request.flagSources },
  ];
  const merged = mergeLayers(layers);
  const values = merged.values;
  fillRounding((values.input ??= {}), merged.sources);
  if (values.classes !== undefined) {
    const { source, names, match } = resolveClasses(values.classes, undefined);
    values.classes = builtIn(source) ? { source, match } : { source, names, match };
  }
  const needsEngine = fromTensors.filter((key) => {
    const [section, field] = key.split('.') as [keyof PartialContract, string];
    const part = values[section] as Record<string, unknown> | undefined;
    return part?.[field] === undefined || merged.sources[key] === 'trtmap default';
  });
  // Left out rather than printed with a default the engine may contradict.
  for (const key of needsEngine) {
    const [section, field] = key.split('.') as [keyof PartialContract, string];
    delete (values[section] as Record<string, unknown> | undefined)?.[field];
  }
  return { values, sources: merged.sources, needsEngine, notes };
}

function builtIn(source: string): boolean {
  return source === 'coco80' || source === 'coco91' || source === 'voc';
}
