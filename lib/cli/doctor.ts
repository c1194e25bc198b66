import { formatCudaVersion } from '../cuda/info.js';
import { nativeBinaryPath, tryLoadNative } from '../native/index.js';
import { type TensorRtStatus, tensorrtStatus } from '../trt/status.js';
import type { NativeBuildInfo, NativeCudaInfo } from '../native/types.js';
import { formatHelp, parseArgs, type OptionSpecs } from './args.js';
import { ExitCode } from './command.js';
import { collectHostReport, formatHostReport, type HostReport } from './doctor-host.js';

const options: OptionSpecs = {
  json: { type: 'flag', description: 'print the report as JSON' },
  verbose: { type: 'flag', description: 'show stacks of errors' },
  help: { type: 'flag', short: 'h', description: 'show this help' },
};

export interface DoctorReport {
  node: { version: string; napiVersion: string | undefined; platform: string; arch: string };
  addon:
    | { loaded: true; path: string | undefined; build: NativeBuildInfo }
    | { loaded: false; error: string };
  cuda: {
    driverVersion: string;
    runtimeVersion: string;
    devices: NativeCudaInfo['devices'];
    problem: { code: string; message: string } | null;
  } | null;
  /** Compiled and loaded TensorRT versions; what was looked for and why it cannot be used. */
  tensorrt: TensorRtStatus;
  /** The CPU (Jetson state) and ONNX Runtime. */
  host: HostReport;
}

/** Gathers what `trtmap doctor` reports; never throws for a missing GPU or addon. */
export async function collectDoctorReport(): Promise<DoctorReport> {
  const node = {
    version: process.version,
    napiVersion: process.versions.napi,
    platform: process.platform,
    arch: process.arch,
  };
  const tensorrt = await tensorrtStatus();
  const host = await collectHostReport();
  const { addon, error } = tryLoadNative();
  if (addon === undefined) {
    return { node, addon: { loaded: false, error: error.message }, cuda: null, tensorrt, host };
  }
  const info = await addon.queryCuda();
  return {
    node,
    addon: { loaded: true, path: nativeBinaryPath(), build: addon.buildInfo() },
    cuda: {
      driverVersion: formatCudaVersion(info.driverVersion),
      runtimeVersion: formatCudaVersion(info.runtimeVersion),
      devices: info.devices,
      problem: info.error ? { code: info.error.code, message: info.error.message } : null,
    },
    tensorrt,
    host,
  };
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

export function formatDoctorReport(report: DoctorReport): string {
  const lines = [
    `Node.js       ${report.node.version} (${report.node.platform}-${report.node.arch}, Node-API ${report.node.napiVersion ?? '?'})`,
    ...formatHostReport(report.host),
  ];
  if (!report.addon.loaded) {
    lines.push(
      'Addon         NOT LOADED',
      ...report.addon.error.split('\n').map((line) => `  ${line}`),
    );
    lines.push('CUDA          not checked (needs the addon)');
  } else {
    const build = report.addon.build;
    lines.push(
      `Addon         ${report.addon.path ?? '?'} (Node-API ${build.napiVersion}, ${build.compiler})`,
    );
    lines.push(
      build.cuda.compiled
        ? `  built with  CUDA ${build.cuda.version}, architectures ${build.cuda.architectures}`
        : '  built with  no CUDA (CPU features only)',
    );
    lines.push(
      `  TensorRT headers: ${build.tensorrtHeaders.found ? build.tensorrtHeaders.version : 'not found'}`,
    );
    lines.push(`  image       ${build.jpeg}, ${build.png}`);
    const cuda = report.cuda!;
    lines.push(
      `CUDA driver   ${cuda.driverVersion === 'none' ? 'not installed' : cuda.driverVersion}`,
    );
    lines.push(
      `CUDA runtime  ${cuda.runtimeVersion === 'none' ? 'not built in' : `${cuda.runtimeVersion} (static)`}`,
    );
    if (cuda.devices.length === 0) {
      lines.push(
        `Devices       none: no CUDA device is present (${cuda.problem?.message ?? 'none reported'})`,
      );
    }
    for (const device of cuda.devices) {
      lines.push(
        `Device ${device.index}      ${device.name}, compute ${device.computeCapability}, ${gib(device.totalMemory)}, ` +
          `${device.multiprocessors} SMs, ${device.integrated ? 'integrated (shares host memory)' : 'discrete'}`,
      );
    }
  }
  lines.push(...formatTensorRt(report.tensorrt));
  return lines.join('\n');
}

function formatTensorRt(status: TensorRtStatus): string[] {
  const compiled =
    status.compiledVersion === null
      ? 'built without TensorRT headers'
      : `compiled against ${status.compiledVersion}`;
  // What this version can and cannot do (UFF only on 8.x, no weak typing on 11, ...).
  const capabilities =
    status.capabilities === null
      ? []
      : [
          ...status.capabilities.can.map((item) => `  can         ${item}`),
          ...status.capabilities.cannot.map((item) => `  cannot      ${item}`),
        ];
  const hint =
    status.builderResourceHint === '' ? [] : [`  builds      ${status.builderResourceHint.trim()}`];
  if (status.loadedVersion !== null) {
    return [
      `TensorRT      ${status.loadedVersion} loaded (${compiled})`,
      ...status.libraries.map((library) => `  library     ${library}`),
      ...hint,
      ...capabilities,
    ];
  }
  // Without the addon nothing is known of how it was built or of TensorRT ("built without
  // TensorRT headers" would be a guess): say that the check needs the addon, as CUDA's does.
  if (status.problem?.code === 'ERR_NATIVE_LOAD')
    return ['TensorRT      not checked (needs the addon, which did not load: see above)'];
  return [
    `TensorRT      not found (${compiled}; nothing loaded)`,
    ...(status.problem === null ? [] : [`  ${status.problem.code}: ${status.problem.message}`]),
    ...capabilities,
  ];
}
export async function run(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, options, 'doctor');
  if (parsed.flags.has('help')) {
    process.stdout.write(
      formatHelp(
        'trtmap doctor [--json]',
        options,
        'Reports Node.js, the CPU, ONNX Runtime, the native addon, CUDA, TensorRT and the GPUs found.',
      ) + '\n',
    );
    return ExitCode.Ok;
  }
  const report = await collectDoctorReport();
  process.stdout.write(
    (parsed.flags.has('json') ? JSON.stringify(report, null, 2) : formatDoctorReport(report)) +
      '\n',
  );
  return ExitCode.Ok;
}
