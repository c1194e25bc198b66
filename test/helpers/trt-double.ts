// The TensorRT test double (test/native/trt-double): where the build made by
// scripts/test-tensorrt-contract.sh is, and the models, plans and library
// folders its tests are made of. The double executes nothing: it checks how
// trtmap calls TensorRT.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface DoubleBuild {
  /** The TensorRT version the double (and the addon under test) were compiled for. */
  tensorrt: string;
  major: number;
  minor: number;
  cudaMajor: number;
  sanitize: string;
  lib: string;
  extra: string;
}

/** The double's build, when the contract run set TRTMAP_TRT_DOUBLE (else undefined: the tests skip). */
export function doubleBuild(): DoubleBuild | undefined {
  const folder = process.env.TRTMAP_TRT_DOUBLE;
  if (!folder) {
    if (process.env.TRTMAP_REQUIRE_TRT_DOUBLE === '1')
      throw new Error('TRTMAP_REQUIRE_TRT_DOUBLE=1 but TRTMAP_TRT_DOUBLE is not set');
    return undefined;
  }
  const info = JSON.parse(readFileSync(path.join(folder, 'double.json'), 'utf8')) as Omit<
    DoubleBuild,
    'minor'
  >;
  return { ...info, minor: Number(info.tensorrt.split('.')[1]) };
}

export const doubleMissingReason =
  'the TensorRT test double is not built: scripts/test-tensorrt-contract.sh builds it and an addon against each TensorRT header set, then runs these tests';

/**
 * A folder for TRTMAP_TENSORRT_LIB_DIR holding the double's libraries (links):
 * libnvinfer, the parsers, libnvinfer_plugin (or the variant without
 * initLibNvInferPlugins), and the builder resource library unless left out.
 */
export function libraryFolder(
  build: DoubleBuild,
  options: { builderResource?: boolean; pluginsWithoutInit?: boolean } = {},
): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-double-lib-'));
  const major = build.major;
  const link = (source: string, name = path.basename(source)) => {
    if (existsSync(source)) symlinkSync(source, path.join(folder, name));
  };
  link(path.join(build.lib, `libnvinfer.so.${major}`));
  link(path.join(build.lib, `libnvonnxparser.so.${major}`));
  link(path.join(build.lib, 'libnvparsers.so.8'));
  link(
    options.pluginsWithoutInit
      ? path.join(build.extra, 'noinit', `libnvinfer_plugin.so.${major}`)
      : path.join(build.lib, `libnvinfer_plugin.so.${major}`),
  );
  if (options.builderResource !== false) {
    link(path.join(build.extra, `libnvinfer_builder_resource.so.${build.tensorrt}`));
  }
  return folder;
}

export function scratchFolder(): string {
  return mkdtempSync(path.join(tmpdir(), 'trtmap-double-'));
}

/** A model the double's parsers read ("onnx" or "uff"): inputs, outputs, layers (README.md). */
export function writeModel(
  file: string,
  lines: readonly string[],
  kind: 'onnx' | 'uff' = 'onnx',
): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, [`TRTMAP-FAKE-${kind.toUpperCase()}`, ...lines, ''].join('\n'));
  return file;
}

/**
 * A plan as the double deserializes it: the 32-byte header real plans have
 * (magic, serialization version at byte 8, version at bytes 24-26) and the
 * text. `built` defaults to the double's own version.
 */
export function planBytes(
  build: DoubleBuild,
  lines: readonly string[],
  built: { version?: [number, number, number]; magic?: string; serialization?: number } = {},
): Uint8Array {
  const [major, minor, patch] =
    built.version ?? (build.tensorrt.split('.').map(Number) as [number, number, number]);
  const header = new Uint8Array(32);
  const modern = major > 8 || minor >= 6;
  header.set(new TextEncoder().encode(built.magic ?? (modern ? 'ftrt' : 'ptrt')), 0);
  const serial: Record<string, number> = { '8.2': 205, '8.4': 213, '8.5': 232 };
  header[8] = built.serialization ?? serial[`${major}.${minor}`] ?? 0;
  header[24] = major;
  header[25] = minor;
  header[26] = patch;
  const text = new TextEncoder().encode(['TRTMAP-FAKE-PLAN', ...lines, ''].join('\n'));
  const bytes = new Uint8Array(32 + text.length);
  bytes.set(header, 0);
  bytes.set(text, 32);
  return bytes;
}

export function writePlan(file: string, bytes: Uint8Array): string {
  writeFileSync(file, bytes);
  return file;
}

/** The text the double's builder wrote after the plan header (what it recorded). */
export function planText(file: string): string {
  return readFileSync(file).subarray(32).toString('utf8');
}

/**
 * For a test file run by the contract script: the double's build, with this
 * process's TRTMAP_TENSORRT_LIB_DIR pointed at a folder of its libraries
 * (builder resources included) before TensorRT is first opened.
 */
export function useDouble(): { build: DoubleBuild; libraries: string } | undefined {
  const build = doubleBuild();
  if (build === undefined) return undefined;
  const libraries = libraryFolder(build);
  process.env.TRTMAP_TENSORRT_LIB_DIR = libraries;
  return { build, libraries };
}

/** The double's libraries, for `plugins` options. */
export const yoloPlugin = (build: DoubleBuild) => path.join(build.extra, 'libyolo_layer.so');
