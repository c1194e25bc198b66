import { TrtmapError } from '../errors.js';
import {
  Engine,
  formatEngineDescription,
  formatLayerPrecisions,
  summarizeLayerPrecisions,
} from '../trt/index.js';
import { formatHelp, numberOption, type OptionSpecs, parseArgs } from './args.js';
import { ExitCode } from './command.js';
import { pluginOptions, pluginsOf } from './plugin-options.js';
import { checkInputPath } from './input-paths.js';
import {
  formatOfflineInspection,
  isTensorRtUnavailable,
  readEngineFileFacts,
} from './inspect-offline.js';
import type { EngineFileFacts, EngineLoadOptions } from '../trt/index.js';

const options: OptionSpecs = {
  json: { type: 'flag', description: 'print the description as JSON' },
  layers: { type: 'flag', description: "include TensorRT's per-layer report (engine inspector)" },
  ...pluginOptions,
  'dla-core': { type: 'string', valueName: 'n', description: 'the DLA core a DLA engine runs on' },
  'version-compatible': {
    type: 'flag',
    description: 'allow the host code of a version-compatible plan (trusted plans only)',
  },
  verbose: { type: 'flag', description: 'print stack traces of errors' },
  help: { type: 'flag', short: 'h', description: 'show this help' },
};

/** `trtmap inspect engine.plan`: inputs, outputs, memory, layers and their precisions. */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, options, 'inspect');
  if (parsed.flags.has('help')) {
    process.stdout.write(
      formatHelp(
        'trtmap inspect <engine.plan> [--json] [--layers] [--plugins lib.so]',
        options,
        'Describes a TensorRT engine: its input and output tensors, device memory, layers and their precisions (and the Ultralytics metadata of an Ultralytics .engine). Without TensorRT it prints what the file itself says (Ultralytics metadata, the TensorRT version in the plan header) and exits 2.',
      ) + '\n',
    );
    return ExitCode.Ok;
  }
  const [file] = parsed.positionals;
  if (file === undefined || parsed.positionals.length > 1) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      'trtmap inspect needs exactly one engine file (see trtmap inspect --help)',
    );
  }
  checkInputPath(file, 'the engine');
  // What the bytes say needs no TensorRT: warnings first (a truncated Ultralytics file), and
  // everything readable when TensorRT is not available here.
  const facts = await readEngineFileFacts(file);
  for (const warning of facts.warnings) process.stderr.write(`trtmap: warning: ${warning}\n`);
  const engine = await loadOrExplain(file, facts, parsed.flags.has('json'), {
    plugins: pluginsOf(parsed),
    dlaCore: parsed.values.has('dla-core')
      ? numberOption(
          parsed,
          'dla-core',
          0,
          (n) => Number.isSafeInteger(n) && n >= 0,
          'a DLA core number',
        )
      : undefined,
    versionCompatible: parsed.flags.has('version-compatible'),
  });
  // TensorRT's own warnings, e.g. a plan built on another GPU model.
  for (const { severity, message } of engine.log)
    process.stderr.write(`[TensorRT ${severity}] ${message}\n`);
  try {
    const layers = await engine.layerInformation();
    const precisions = summarizeLayerPrecisions(layers);
    if (parsed.flags.has('json')) {
      const report = {
        file,
        ...engine.description,
        layerPrecisions: precisions,
        ...(engine.metadata === undefined ? {} : { metadata: engine.metadata }),
        ...(parsed.flags.has('layers') ? { layerInformation: layers } : {}),
      };
      process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    } else {
      const lines = [formatEngineDescription(file, engine.description)];
      lines.push(
        '',
        `Precision     ${precisions === null ? 'unknown (built without detailed layer information)' : formatLayerPrecisions(precisions)}`,
      );
      if (engine.metadata !== undefined)
        lines.push(`Metadata      ${JSON.stringify(engine.metadata)} (Ultralytics)`);
      if (parsed.flags.has('layers')) lines.push('', 'Layers', JSON.stringify(layers, null, 2));
      process.stdout.write(lines.join('\n') + '\n');
    }
  } finally {
    await engine.dispose();
  }
  return ExitCode.Ok;
}

/**
 * Engine.load; where TensorRT is unavailable, prints what the file says
 * without it (stdout) and rethrows (one line on stderr, exit 2: the
 * description is incomplete).
 */
async function loadOrExplain(
  file: string,
  facts: EngineFileFacts,
  json: boolean,
  options: EngineLoadOptions,
): Promise<Engine> {
  try {
    return await Engine.load(file, options);
  } catch (error) {
    if (isTensorRtUnavailable(error))
      process.stdout.write(formatOfflineInspection(file, facts, error, json) + '\n');
    throw error;
  }
}
