/**
 * What an option means when it is not given, by option name, for `--help`
 * (issue 12: defaults shown in every --help). An option's own
 * `OptionSpec.default`, or a description that already says "default", wins.
 * The names mean the same in every command that has them.
 */
const presetDefault = "the preset's or the model's (--print-config shows it)";

export const helpDefaults: Readonly<Record<string, string>> = {
  limit: 'every image',
  batch: "the model's batch (1 when dynamic)",
  threads: "ONNX Runtime's, one per physical core",
  split: 'every annotation file',
  shard: 'every image',
  'model-config': 'none',
  family: 'detected from the output shapes',
  outputs: 'matched by shape',
  decoder: "the family's",
  'input-size': "the model's",
  resize: presetDefault,
  anchor: presetDefault,
  rounding: presetDefault,
  pad: presetDefault,
  interpolation: presetDefault,
  scale: presetDefault,
  mean: presetDefault,
  std: presetDefault,
  layout: presetDefault,
  strides: presetDefault,
  classes: presetDefault,
  'class-match': 'id',
  nms: presetDefault,
  iou: presetDefault,
  'max-det': presetDefault,
  'max-candidates': presetDefault,
  'max-map-drop': 'no gate (exit 0)',
  'calib-images': 'none (needed for int8)',
  results: 'not written',
  csv: 'not written',
  report: 'not written',
  json: 'beside the first --report (out.json), else not written',
  'timing-cache': 'none',
  'dla-core': 'the GPU',
  'calibration-cache': 'none',
  'calibration-batches': 'all',
};
