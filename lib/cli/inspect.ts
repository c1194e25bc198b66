import { TrtmapError } from '../errors.js';
import { Engine, formatEngineDescription } from '../trt/index.js';
import { formatHelp, type OptionSpecs, parseArgs } from './args.js';
import { ExitCode } from './command.js';

const options: OptionSpecs = {
  json: { type: 'flag', description: 'print the description as JSON' },
  layers: { type: 'flag', description: "include TensorRT's per-layer report (engine inspector)" },
  verbose: { type: 'flag', description: 'print stack traces of errors' },
  help: { type: 'flag', short: 'h', description: 'show this help' },
};

/** `trtmap inspect engine.plan`: inputs, outputs, memory, layers. */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, options, 'inspect');
  if (parsed.flags.has('help')) {
    process.stdout.write(
      formatHelp(
        'trtmap inspect <engine.plan> [--json] [--layers]',
        options,
        'Describes a TensorRT engine: its input and output tensors, device memory and layers.',
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
  const engine = await Engine.load(file);
  try {
    const layers = parsed.flags.has('layers') ? await engine.layerInformation() : undefined;
    if (parsed.flags.has('json')) {
      process.stdout.write(
        JSON.stringify(
          {
            file,
            ...engine.description,
            ...(layers === undefined ? {} : { layerInformation: layers }),
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      process.stdout.write(formatEngineDescription(file, engine.description) + '\n');
      if (layers !== undefined)
        process.stdout.write('\nLayers\n' + JSON.stringify(layers, null, 2) + '\n');
    }
  } finally {
    await engine.dispose();
  }
  return ExitCode.Ok;
}
