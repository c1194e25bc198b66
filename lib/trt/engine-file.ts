/**
 * Engine files as people have them: a bare TensorRT plan (trtexec,
 * tensorrt_demos, tensorrtx, trtmap itself), or an Ultralytics `.engine`,
 * which puts its model metadata in front of the plan. Pure apart from the
 * file read.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { TrtmapError } from '../errors.js';
import { type PlanHeader, readPlanHeader } from './plan-header.js';

export interface EngineFile {
  /** The serialized TensorRT engine: what IRuntime::deserializeCudaEngine reads. */
  plan: Uint8Array;
  /**
   * Ultralytics metadata (names, imgsz, stride, task, batch, args.half /
   * args.int8, dla, ...) as the exporter wrote it, or undefined for a bare plan.
   */
  metadata?: Record<string, unknown>;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Splits an Ultralytics `.engine` into its metadata and plan: a 4-byte
 * little-endian length, that many bytes of JSON, then the plan
 * (ultralytics/engine/exporter.py writes `len(meta).to_bytes(4, "little")`,
 * the JSON, then `engine.serialize()`; nn/autobackend.py reads it back the
 * same way). Anything else is taken for a bare plan, as autobackend does
 * when the JSON does not decode. The bytes are not copied.
 */
export function splitEngineFile(bytes: Uint8Array): EngineFile {
  if (bytes.length < 6) return { plan: bytes };
  const length = bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24);
  // A plan must follow the JSON (a TensorRT plan header alone is 32 bytes),
  // and the JSON is an object. A bare plan starts with its magic tag
  // ("ftrt", "ptrt"), which read as a length is far beyond the file.
  if (length < 2 || 4 + length > bytes.length - 32 || bytes[4] !== 0x7b /* { */)
    return { plan: bytes };
  let metadata: unknown;
  try {
    metadata = JSON.parse(decoder.decode(bytes.subarray(4, 4 + length)));
  } catch {
    return { plan: bytes };
  }
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))
    return { plan: bytes };
  return { plan: bytes.subarray(4 + length), metadata: metadata as Record<string, unknown> };
}

/**
 * Reads an engine file (`.engine`, `.plan`, `.trt`) and splits off
 * Ultralytics metadata when it has some. Rejects with ERR_FILE_NOT_FOUND or
 * ERR_IO. The metadata is what the model contract reads (class names,
 * input size, stride, task, FP16/INT8).
 */
export async function readEngineFile(file: string): Promise<EngineFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw fileError(file, error);
  }
  return splitEngineFile(bytes);
}

function fileError(file: string, error: unknown): TrtmapError {
  const code = (error as NodeJS.ErrnoException).code;
  return new TrtmapError(
    code === 'ENOENT' ? 'ERR_FILE_NOT_FOUND' : 'ERR_IO',
    code === 'ENOENT'
      ? `engine file not found: ${file}`
      : `cannot read the engine ${file} (${code ?? String(error)})`,
    { file, cause: error },
  );
}

/** Ultralytics metadata is a few KiB; a longer "length" is the start of a plan. */
const maxMetadataBytes = 1 << 24;

/**
 * An engine file's Ultralytics metadata (see splitEngineFile), reading only
 * the header: for the model contract, before any engine is loaded.
 * Undefined for a bare plan; ERR_FILE_NOT_FOUND / ERR_IO.
 */
export function readEngineMetadata(file: string): Record<string, unknown> | undefined {
  let descriptor: number;
  try {
    descriptor = openSync(file, 'r');
  } catch (error) {
    throw fileError(file, error);
  }
  try {
    const size = fstatSync(descriptor).size;
    const head = new Uint8Array(5);
    if (readSync(descriptor, head, 0, 5, 0) < 5) return undefined;
    const length = head[0]! | (head[1]! << 8) | (head[2]! << 16) | (head[3]! << 24);
    if (length < 2 || length > maxMetadataBytes || 4 + length > size - 32 || head[4] !== 0x7b)
      return undefined;
    const bytes = new Uint8Array(4 + length + 32);
    readSync(descriptor, bytes, 0, bytes.length, 0);
    return splitEngineFile(bytes).metadata;
  } finally {
    closeSync(descriptor);
  }
}

/** What can be read from an engine file without TensorRT (`trtmap inspect` on any machine). */
export interface EngineFileFacts {
  /** Bytes of the file, and of the plan after any Ultralytics header. */
  fileBytes: number;
  planBytes: number;
  metadata?: Record<string, unknown>;
  /** The builder's version from the plan header (see readPlanHeader), or null when unreadable. */
  planHeader: PlanHeader | null;
  /** Problems seen in the bytes: a truncated Ultralytics file, a file too short to be a plan. */
  warnings: string[];
}

/**
 * Reads what an engine file says without TensorRT: the Ultralytics metadata
 * (splitEngineFile), the TensorRT version in the plan header
 * (readPlanHeader), and warnings for bytes that cannot be a whole engine:
 * an Ultralytics header whose JSON length runs past the end of the file or
 * leaves no plan (a truncated download or copy), a file shorter than a plan
 * header. Pure.
 */
export function engineFileFacts(bytes: Uint8Array): EngineFileFacts {
  const { plan, metadata } = splitEngineFile(bytes);
  const warnings: string[] = [];
  if (metadata === undefined && bytes.length >= 5 && bytes[4] === 0x7b /* { */) {
    const length = (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
    if (length >= 2 && length <= maxMetadataBytes && 4 + length > bytes.length - 32) {
      const missing = 4 + length > bytes.length;
      warnings.push(
        missing
          ? `this looks like an Ultralytics .engine whose ${length}-byte metadata runs past the end of the ${bytes.length}-byte file: the file is truncated (copy or export it again)`
          : `this looks like an Ultralytics .engine with ${length} bytes of metadata and ${bytes.length - 4 - length} bytes after it, too few for a TensorRT plan: the file is truncated (copy or export it again)`,
      );
    }
  }
  // A header whose JSON is whole but no plan follows: the metadata is still worth showing.
  let readable = metadata;
  if (warnings.length > 0 && bytes.length >= 5) {
    const length = (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
    if (4 + length <= bytes.length)
      readable = splitEngineFile(withPlanRoom(bytes, length)).metadata;
  }
  const planHeader = readPlanHeader(plan);
  if (plan.length < 32 && warnings.length === 0)
    warnings.push(
      `${plan.length} bytes is too short for a TensorRT plan (its header alone is 32 bytes): an empty or truncated file`,
    );
  return {
    fileBytes: bytes.length,
    planBytes: plan.length,
    ...(readable === undefined ? {} : { metadata: readable }),
    planHeader,
    warnings,
  };
}

/** The header and JSON of a truncated Ultralytics file, padded so that splitEngineFile reads the JSON. */
function withPlanRoom(bytes: Uint8Array, length: number): Uint8Array {
  const padded = new Uint8Array(4 + length + 32);
  padded.set(bytes.subarray(0, 4 + length));
  return padded;
}
