import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Backend, InputTensor } from '../backends/backend.js';
import { openOnnxRuntime } from '../backends/onnxruntime.js';
import type { BenchResult } from '../bench/harness.js';
import { readOnnxMetadataProps } from '../backends/onnx-metadata.js';
import type { ContractRequest } from '../contract/resolve.js';
import { benchJson, type BenchSubject, formatBenchSummary } from '../bench/summary.js';
import { cachedEngine, defaultEngineCacheDirectory, sha256 } from '../trt/engine-cache.js';
import {
  describeUnavailable,
  type EngineToolkit,
  loadEngineToolkit,
  type Precision,
  precisionNames,
} from '../backends/tensorrt-toolkit.js';
import { benchmarkBackend, benchmarkEngine } from '../compare/speed.js';
import { TrtmapError } from '../errors.js';
import {
  collectMachine,
  formatBoardState,
  formatPower,
  unlockedClocksWarning,
} from '../board/index.js';
import { benchmarkWithPower } from '../board/measure.js';
import type { PowerSummary } from '../board/power.js';
import {
  choiceOption,
  formatHelp,
  numberOption,
  type OptionSpecs,
  type ParsedArgs,
  parseArgs,
} from './args.js';
import { batchOption, parseTimingOptions, timingOptions } from './bench-options.js';
import { benchContractOptions, contractBenchInputs } from './bench-model.js';
import { ExitCode } from './command.js';
import { checkInputOptions } from './input-paths.js';
import { parseContractOptions } from './model-options.js';
import { pluginOptions, pluginsOf } from './plugin-options.js';
import { printContract } from './print-contract.js';

const options: OptionSpecs = {
  engine: { type: 'string', valueName: 'plan', description: 'a serialized TensorRT engine' },
  onnx: { type: 'string', valueName: 'model.onnx', description: 'an ONNX model' },
  precision: {
    type: 'string',
    valueName: 'fp32|fp16|int8',
    description: 'with --onnx on TensorRT: the engine to build (default fp32)',
  },
  backend: {
    type: 'string',
    valueName: 'auto|tensorrt|onnxruntime',
    description: 'with --onnx: auto (default) is TensorRT when present, else ONNX Runtime (CPU)',
  },
  batch: {
    type: 'string',
    valueName: 'n',
    description: 'batch size (default: the model’s, else 1)',
  },
  ...timingOptions,
  'cuda-graph': {
    type: 'flag',
    description: 'TensorRT: replay each run as a CUDA graph (trtexec --useCudaGraph)',
  },
  'no-transfers': {
    type: 'flag',
    description: 'TensorRT: no H2D/D2H copies, device time only (trtexec --noDataTransfers)',
  },
  ...pluginOptions,
  threads: { type: 'string', valueName: 'n', description: 'ONNX Runtime threads per operator' },
  power: {
    type: 'flag',
    description: 'Jetson: input-rail watts (tegrastats / INA3221) during the measured runs',
  },
  ...benchContractOptions,
  json: { type: 'flag', description: 'print one JSON object on stdout' },
  verbose: { type: 'flag', description: 'print stack traces of errors' },
  help: { type: 'flag', short: 'h', description: 'show this help' },
};

const usageLine = 'trtmap bench (--engine <plan> | --onnx <model>) [options]';

export async function run(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, options, 'bench');
  if (parsed.flags.has('help')) {
    const description =
      'Measures inference as trtexec does: warm-up excluded, at least --iterations runs and --duration seconds; throughput, latency percentiles, and (TensorRT) enqueue, H2D, GPU compute and D2H times.';
    process.stdout.write(formatHelp(usageLine, options, description) + '\n');
    return ExitCode.Ok;
  }
  if (parsed.positionals.length > 0)
    throw usage(`unexpected argument ${JSON.stringify(parsed.positionals[0])}`);
  checkInputOptions(parsed.values);
  if (parsed.flags.has('print-config')) {
    const engine = parsed.values.get('engine');
    const onnx = parsed.values.get('onnx');
    const files = engine !== undefined ? { engine } : onnx !== undefined ? { onnx } : undefined;
    if (files === undefined) throw usage('needs --engine <plan> or --onnx <model>');
    return printContract(files, parseContractOptions(parsed));
  }
  const machine = await collectMachine({ onnxRuntimeThreads: threadsOption(parsed) });
  const { result, subject, power, powerUnavailable } = await measure(parsed);
  const warning = unlockedClocksWarning(machine);
  if (warning) process.stderr.write(`trtmap: warning: ${warning}\n`);
  if (powerUnavailable) process.stderr.write(`trtmap: --power: ${powerUnavailable}\n`);
  const text = [
    formatBenchSummary(result, subject),
    ...(power ? [`Power: ${formatPower(power)}`] : []),
    ...formatBoardState(machine),
  ].join('\n');
  process.stdout.write(
    (parsed.flags.has('json')
      ? JSON.stringify({ ...benchJson(result, subject), power, board: machine })
      : text) + '\n',
  );
  return ExitCode.Ok;
}

interface Measured {
  result: BenchResult;
  subject: BenchSubject;
  power?: PowerSummary;
  powerUnavailable?: string;
}

async function measure(parsed: ParsedArgs): Promise<Measured> {
  const engine = parsed.values.get('engine');
  const onnx = parsed.values.get('onnx');
  if ((engine === undefined) === (onnx === undefined))
    throw usage('needs exactly one of --engine <plan>, --onnx <model>');
  const precision = choiceOption(parsed, 'precision', precisionNames);
  const backendChoice =
    choiceOption(parsed, 'backend', ['auto', 'tensorrt', 'onnxruntime'] as const) ?? 'auto';
  const timing = {
    ...parseTimingOptions(parsed),
    cudaGraph: parsed.flags.has('cuda-graph'),
    transfers: !parsed.flags.has('no-transfers'),
    plugins: pluginsOf(parsed),
  };
  const power = parsed.flags.has('power');
  const batch = batchOption(parsed);
  if (engine !== undefined || backendChoice !== 'onnxruntime') {
    const load = await loadEngineToolkit();
    if ('toolkit' in load) {
      const contract = parseContractOptions(parsed);
      const request = {
        engine,
        onnx,
        precision: precision ?? 'fp32',
        batch,
        timing,
        power,
        contract,
      };
      return measureOnTensorRt(load.toolkit, request);
    }
    if (engine !== undefined || backendChoice === 'tensorrt')
      throw new TrtmapError(load.code, `TensorRT is needed here but unavailable: ${load.reason}`);
    rejectGpuOnlyOptions(parsed, precision);
    process.stderr.write(
      `trtmap: TensorRT unavailable (${describeUnavailable(load)}); measuring ONNX Runtime on the CPU\n`,
    );
  } else rejectGpuOnlyOptions(parsed, precision);
  const bytes = readFileSync(onnx!);
  const backend = await openOnnxRuntime(
    { kind: 'onnx', path: onnx!, bytes },
    { threads: threadsOption(parsed) },
  );
  try {
    const inputs = contractBenchInputs(
      {
        path: onnx!,
        inputs: backend.inputs,
        outputs: backend.outputs,
        metadata: readOnnxMetadataProps(bytes, onnx!),
      },
      batch,
      parseContractOptions(parsed),
    );
    const measured = await benchmarkWithPower(timing, power, (options) =>
      benchmarkBackend(backend, inputs, options),
    );
    return {
      ...measured,
      subject: {
        model: path.basename(onnx!),
        backend: backend.description,
        precision: 'fp32 (as exported)',
      },
    };
  } finally {
    await backend.dispose();
  }
}

async function measureOnTensorRt(
  toolkit: EngineToolkit,
  request: {
    engine?: string;
    onnx?: string;
    precision: Precision;
    batch?: number;
    timing: Parameters<typeof benchmarkEngine>[3];
    power: boolean;
    contract: ContractRequest;
  },
): Promise<Measured> {
  let enginePath = request.engine;
  if (enginePath === undefined) {
    const bytes = readFileSync(request.onnx!);
    const key = {
      modelSha256: sha256(bytes),
      precision: request.precision,
      batch: request.batch ?? 1,
      tensorRtVersion: toolkit.tensorRtVersion,
      gpuName: toolkit.gpuName,
    };
    enginePath = (
      await cachedEngine(
        toolkit,
        key,
        { onnx: request.onnx!, plugins: request.timing.plugins },
        defaultEngineCacheDirectory(),
      )
    ).path;
  }
  const inputs = await engineInputs(
    toolkit,
    enginePath,
    request.batch,
    request.contract,
    request.timing.plugins,
  );
  const measured = await benchmarkWithPower(request.timing, request.power, (options) =>
    benchmarkEngine(toolkit, enginePath, inputs, options),
  );
  const subject = {
    model: path.basename(request.onnx ?? enginePath),
    backend: `TensorRT ${toolkit.tensorRtVersion} on ${toolkit.gpuName}`,
    precision: request.engine ? 'as built' : request.precision,
  };
  return { ...measured, subject };
}

async function engineInputs(
  toolkit: EngineToolkit,
  enginePath: string,
  batch: number | undefined,
  contract: ContractRequest,
  plugins: readonly string[] | undefined,
): Promise<Record<string, InputTensor>> {
  const backend: Backend = await toolkit.open(enginePath, { plugins });
  try {
    const model = { path: enginePath, inputs: backend.inputs, outputs: backend.outputs };
    return contractBenchInputs(model, batch, contract);
  } finally {
    await backend.dispose();
  }
}

/** ONNX Runtime on the CPU has no engine precision, CUDA graph or transfers to leave out: say so rather than ignore them. */
function rejectGpuOnlyOptions(parsed: ParsedArgs, precision: Precision | undefined): void {
  if (precision !== undefined && precision !== 'fp32')
    throw usage(
      `--precision ${precision} needs TensorRT; ONNX Runtime (CPU) runs the model as exported (fp32)`,
    );
  if (pluginsOf(parsed).length > 0)
    throw usage('--plugins needs TensorRT; ONNX Runtime cannot load TensorRT plugins');
  for (const flag of ['cuda-graph', 'no-transfers'])
    if (parsed.flags.has(flag))
      throw usage(`--${flag} needs TensorRT; ONNX Runtime runs on the CPU`);
}

function threadsOption(parsed: ParsedArgs): number | undefined {
  if (!parsed.values.has('threads')) return undefined;
  return numberOption(
    parsed,
    'threads',
    0,
    (v) => Number.isInteger(v) && v > 0,
    'a positive integer',
  );
}

function usage(message: string): TrtmapError {
  return new TrtmapError(
    'ERR_INVALID_ARGUMENT',
    `trtmap bench ${message} (see trtmap bench --help)`,
  );
}
