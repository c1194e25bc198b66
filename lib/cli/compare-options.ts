import type { OptionSpecs } from './args.js';
import { timingOptions } from './bench-options.js';
import { datasetOptions, runOptions } from './model-options.js';
import { pluginOptions } from './plugin-options.js';

export const compareUsage =
  'trtmap compare <model.onnx> --precisions fp32,fp16[,int8] (--coco <json> --images <dir> | --voc <dir>) [options]';

/** The legs fix their own backends, so --backend is not offered. */
const modelOptions: OptionSpecs = Object.fromEntries(
  Object.entries(runOptions).filter(([name]) => name !== 'backend'),
);

export const compareOptionSpecs: OptionSpecs = {
  precisions: {
    type: 'string',
    valueName: 'list',
    description: 'TensorRT engines to build and compare (default fp32,fp16)',
  },
  ...datasetOptions,
  ...modelOptions,
  'calib-images': {
    type: 'string',
    valueName: 'dir',
    description: 'INT8 calibration images (preprocessed like the dataset)',
  },
  'max-map-drop': {
    type: 'string',
    valueName: 'points',
    description:
      'exit 1 when a leg loses more mAP points than this against the reference, or when a leg asked for could not be checked (skipped, failed)',
  },
  report: {
    type: 'list',
    valueName: 'out.html|out.md',
    description: 'write a report (by extension; may repeat); the JSON goes beside it',
  },
  json: {
    type: 'string',
    valueName: 'file|-',
    description:
      'save the whole run as JSON (for trtmap report); - prints it instead of the tables',
  },
  ...timingOptions,
  'cuda-graph': { type: 'flag', description: 'TensorRT benchmarks replay CUDA graphs' },
  'no-transfers': { type: 'flag', description: 'TensorRT benchmarks without H2D/D2H copies' },
  power: {
    type: 'flag',
    description: 'Jetson: input-rail watts, mJ/image and images/s/W of each leg (tegrastats)',
  },
  ...pluginOptions,
  atol: { type: 'string', valueName: 'x', description: 'output diff absolute tolerance (1e-5)' },
  rtol: { type: 'string', valueName: 'x', description: 'output diff relative tolerance (1e-5)' },
  'diff-images': {
    type: 'string',
    valueName: 'n',
    description: 'dataset images the outputs are compared on (default 4)',
  },
  'cache-dir': {
    type: 'string',
    valueName: 'dir',
    description: 'engine cache (default $TRTMAP_CACHE_DIR or ~/.cache/trtmap/engines)',
  },
  verbose: { type: 'flag', description: 'print stack traces of errors' },
  help: { type: 'flag', short: 'h', description: 'show this help' },
};
