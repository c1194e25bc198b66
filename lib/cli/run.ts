import { TrtmapError } from '../errors.js';
import { type CommandModule, ExitCode } from './command.js';

/**
 * The command registry: each subcommand lives in its own module, loaded only
 * when asked for, so `trtmap score` never loads the native addon.
 */
const commands: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  score: {
    summary: 'score detections against ground truth (COCO mAP, VOC mAP)',
    load: () => import('./score.js'),
  },
  convert: {
    summary: 'convert a darknet YOLO model (cfg + weights) to ONNX',
    load: () => import('./convert.js'),
  },
  eval: {
    summary: 'evaluate a detector on a COCO or VOC dataset: mAP and images/s',
    load: () => import('./eval.js'),
  },
  detect: {
    summary: 'run a detector on images and print the detections',
    load: () => import('./detect.js'),
  },
  bench: {
    summary: 'measure inference speed as trtexec does (TensorRT, or ONNX Runtime on the CPU)',
    load: () => import('./bench.js'),
  },
  compare: {
    summary: 'FP32 vs FP16 vs INT8 against ONNX Runtime: mAP, speed and output differences',
    load: () => import('./compare.js'),
  },
  quantize: {
    summary:
      'write an FP16 or INT8 (Q/DQ, calibrated) ONNX model for ONNX Runtime and TensorRT 8-11',
    load: () => import('./quantize.js'),
  },
  report: {
    summary: 'render a saved compare result (JSON) as HTML or Markdown',
    load: () => import('./report.js'),
  },
  build: {
    summary: 'build a TensorRT engine (FP32, FP16, INT8) from an ONNX or UFF model',
    load: () => import('./build.js'),
  },
  inspect: {
    summary: 'describe a TensorRT engine: inputs, outputs, memory, layers',
    load: () => import('./inspect.js'),
  },
  doctor: {
    summary: 'report Node.js, the native addon, CUDA, TensorRT and the GPUs found',
    load: () => import('./doctor.js'),
  },
};

export function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(
    ([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`,
  );
  return [
    'Usage: trtmap <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `trtmap <command> --help` for the options of a command.',
  ].join('\n');
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  if (name === '--version' || name === '-v') {
    const { readPackageVersion } = await import('./version.js');
    process.stdout.write(readPackageVersion() + '\n');
    return ExitCode.Ok;
  }
  const command = commands[name];
  if (command === undefined) {
    process.stderr.write(`trtmap: unknown command ${JSON.stringify(name)}\n\n${usage()}\n`);
    return ExitCode.Usage;
  }
  const verbose = rest.includes('--verbose');
  try {
    const module = await command.load();
    return await module.run(rest);
  } catch (error) {
    return reportError(error, verbose);
  }
}

/** One line on stderr for a TrtmapError (stack only with --verbose); exit code 2. */
export function reportError(error: unknown, verbose: boolean): number {
  if (error instanceof TrtmapError) {
    process.stderr.write(`trtmap: ${error.code}: ${error.message}\n`);
    if (verbose && error.stack) process.stderr.write(error.stack + '\n');
    return ExitCode.Usage;
  }
  process.stderr.write(
    `trtmap: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  if (error instanceof Error && error.stack) process.stderr.write(error.stack + '\n');
  return ExitCode.Internal;
}
