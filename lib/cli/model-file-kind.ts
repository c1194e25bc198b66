import { closeSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { foreignModelKind } from '../backends/onnx-metadata.js';
import { TrtmapError } from '../errors.js';
import { readPlanHeader } from '../trt/plan-header.js';
import { checkInputPath } from './input-paths.js';

/**
 * What a file given as a model is, from its first bytes: the checks that turn
 * a swapped argument or a file of the wrong kind (an image as the model, an
 * ONNX model as `--engine`, a TensorRT plan as `--onnx`, a TFLite file) into
 * one line saying what to do, before anything slow starts. The content
 * decides, not the extension, since people rename files.
 */
export type SniffedKind = 'image' | 'onnx' | 'engine' | 'other';

const headerBytes = 64;

/** The first bytes of `file` (fewer when it is shorter); empty when it cannot be read (the open says why later). */
export function fileHead(file: string): Uint8Array {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(file, 'r');
    const bytes = new Uint8Array(headerBytes);
    return bytes.subarray(0, readSync(descriptor, bytes, 0, headerBytes, 0));
  } catch {
    return new Uint8Array(0);
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/** The image formats people have, by signature (decodable or not: any of them is not a model). */
function isImage(bytes: Uint8Array): boolean {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  return (
    (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) || // JPEG
    ascii(1, 4) === 'PNG' ||
    (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') ||
    ascii(0, 2) === 'BM' ||
    ascii(0, 4) === 'GIF8' ||
    ascii(0, 4) === 'II*\0' ||
    ascii(0, 4) === 'MM\0*'
  );
}

/**
 * An ONNX ModelProto starts with field 1, ir_version (a small varint): protobuf
 * writers emit fields in number order, so the first byte is its tag 0x08.
 */
function isOnnx(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x08 && bytes[1]! >= 1 && bytes[1]! <= 32;
}

/** A bare TensorRT plan (its header readable) or an Ultralytics .engine (4-byte length, then JSON). */
function isEngine(bytes: Uint8Array): boolean {
  return (
    readPlanHeader(bytes) !== null || (bytes.length > 5 && bytes[3] === 0 && bytes[4] === 0x7b)
  );
}

export function sniffModelKind(bytes: Uint8Array): SniffedKind {
  if (isImage(bytes)) return 'image';
  if (isOnnx(bytes)) return 'onnx';
  if (isEngine(bytes)) return 'engine';
  return 'other';
}

/**
 * Throws ERR_INVALID_ARGUMENT when `file`, given as `what` for a model of
 * `expected` kind, is clearly something else: an image (the arguments look
 * swapped), an ONNX model where an engine is wanted or the reverse, a
 * TensorFlow Lite / PyTorch / Keras / darknet file where ONNX is wanted.
 * `usage` says what the argument takes, shown when it is an image.
 */
export function checkModelFileKind(
  file: string,
  what: string,
  expected: 'onnx' | 'engine',
  usage: string,
): void {
  const bytes = fileHead(file);
  const kind = sniffModelKind(bytes);
  const refuse = (message: string) =>
    new TrtmapError('ERR_INVALID_ARGUMENT', `${what} ${file}: ${message}`, { file });
  if (kind === 'image') {
    throw refuse(`is an image, not a model: ${usage}`);
  }
  // A command-line option names its file kind; a positional model is routed by its extension.
  const asOption = what.startsWith('--');
  if (expected === 'engine' && kind === 'onnx') {
    throw refuse(
      `is an ONNX model, not a TensorRT engine: ${asOption ? 'give it as --onnx' : 'name it .onnx'} ` +
        `(or build an engine from it: trtmap build ${file})`,
    );
  }
  if (expected === 'onnx' && kind === 'engine') {
    throw refuse(
      `is a TensorRT engine, not ONNX: ${asOption ? 'give it as --engine' : 'name it .engine, .plan or .trt'}`,
    );
  }
  if (kind === 'other') {
    const foreign = foreignModelKind(bytes);
    if (foreign !== undefined) throw refuse(`is ${foreign}`);
  }
}

/**
 * `trtmap detect <model> <image>...`: the model exists and is a model of the
 * kind its extension routes it to (modelFilesOf), and no image is a folder.
 */
export function checkDetectArguments(model: string, images: readonly string[]): void {
  checkInputPath(model, 'the model');
  if (!model.toLowerCase().endsWith('.cfg')) {
    const expected = /\.(engine|plan|trt)$/i.test(model) ? 'engine' : 'onnx';
    checkModelFileKind(
      model,
      'the model',
      expected,
      'the arguments look swapped? trtmap detect <model> <image> [<image> ...]',
    );
  }
  checkImageArguments(images);
}

/**
 * `detect`'s images, checked before the model loads: a folder is not an image
 * (detect takes files; a shell glob gives them all).
 */
export function checkImageArguments(images: readonly string[]): void {
  for (const image of images) {
    if (statSync(image, { throwIfNoEntry: false })?.isDirectory()) {
      throw new TrtmapError(
        'ERR_INVALID_ARGUMENT',
        `${image} is a folder: trtmap detect takes image files; give them, e.g. ${path.join(image, '*.jpg')}`,
        { file: image },
      );
    }
  }
}
