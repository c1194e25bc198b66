import { writeFileSync } from 'node:fs';
import { invalidArgument, TrtmapError } from '../errors.js';
import { formatHelp, numberOption, parseArgs, type OptionSpecs } from './args.js';
import { checkOutputPath } from './output-paths.js';
import { ExitCode } from './command.js';
import { readPackageVersion } from './version.js';

const specs: OptionSpecs = {
  output: {
    type: 'string',
    short: 'o',
    valueName: 'model.onnx',
    description: 'where to write the ONNX model (required)',
  },
  'input-size': {
    type: 'string',
    valueName: 'WxH',
    description: "input width x height (default: the cfg's [net] width/height)",
  },
  batch: {
    type: 'string',
    valueName: 'N|dynamic',
    description: 'batch dimension: a fixed size or "dynamic" (default 1)',
  },
  opset: { type: 'string', valueName: 'N', description: 'ONNX opset, 11 to 21 (default 11)' },
  'print-config': {
    type: 'flag',
    description: 'also print the model contract trtmap eval reads from the converted model (YAML)',
  },
  verbose: { type: 'flag', description: 'print stack traces of errors' },
  help: { type: 'flag', short: 'h', description: 'show this help' },
};

const usageLine =
  'trtmap convert darknet <cfg> <weights> -o <model.onnx> [--input-size WxH] [--batch N|dynamic]';
const description =
  'Converts a darknet YOLO model (cfg + weights) to ONNX: batch norm folded into the convolutions,\n' +
  'one raw output per [yolo] head, and the decoding parameters stored in the metadata.';

export async function run(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, specs, 'convert');
  if (parsed.flags.has('help')) {
    process.stdout.write(formatHelp(usageLine, specs, description) + '\n');
    return ExitCode.Ok;
  }
  const [format, cfg, weights, ...extra] = parsed.positionals;
  if (format !== 'darknet') {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `trtmap convert: expected the source format "darknet" but received ${JSON.stringify(format ?? '')}\n${usageLine}`,
    );
  }
  if (cfg === undefined || weights === undefined || extra.length > 0) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `trtmap convert darknet needs exactly a cfg and a weights file\n${usageLine}`,
    );
  }
  const output = parsed.values.get('output');
  if (output === undefined)
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `trtmap convert darknet: -o <model.onnx> is required`,
    );
  checkOutputPath(output, '-o');
  const { convertDarknetFiles } = await import('../darknet/files.js');
  const { formatSummary } = await import('../darknet/summary.js');
  const result = convertDarknetFiles(cfg, weights, {
    ...inputSize(parsed.values.get('input-size')),
    batch: batchOption(parsed.values.get('batch')),
    opset: numberOption(parsed, 'opset', 11, Number.isInteger, 'an integer'),
    producerVersion: readPackageVersion(),
  });
  for (const warning of result.warnings) process.stderr.write(`trtmap: warning: ${warning}\n`);
  try {
    writeFileSync(output, result.onnx);
  } catch (error) {
    throw new TrtmapError('ERR_IO', `${output}: cannot write (${(error as Error).message})`, {
      file: output,
      cause: error,
    });
  }
  process.stdout.write(formatSummary(result, output) + '\n');
  if (parsed.flags.has('print-config')) {
    // The same contract module eval uses, on the converted model's own graph and metadata.
    const { printConvertedContract } = await import('./print-contract.js');
    printConvertedContract(result.onnx, result.decoder, output);
  }
  return ExitCode.Ok;
}

function inputSize(text: string | undefined): { inputWidth?: number; inputHeight?: number } {
  if (text === undefined) return {};
  const match = /^(\d+)x(\d+)$/i.exec(text.trim());
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1)
    throw invalidArgument('a size WxH such as 416x416', '--input-size', text);
  return { inputWidth: Number(match[1]), inputHeight: Number(match[2]) };
}

function batchOption(text: string | undefined): number | 'dynamic' {
  if (text === undefined) return 1;
  if (text === 'dynamic') return 'dynamic';
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw invalidArgument('a positive integer or "dynamic"', '--batch', text);
  return Number(text);
}
