import { readFileSync } from 'node:fs';
import { TrtmapError } from '../errors.js';
import type { ModelSource } from '../backends/backend.js';
import { readOnnxMetadataProps } from '../backends/onnx-metadata.js';
import { convertDarknetFiles } from '../darknet/files.js';
import { readDecoderMetadata, type YoloDecoderMetadata } from '../darknet/metadata.js';
import { type PluginNode, readNmsPluginNodes } from '../contract/onnx-graph.js';
import { readEngineMetadata } from '../trt/engine-file.js';

export type ModelFiles =
  { onnx: string } | { darknet: { cfg: string; weights: string } } | { engine: string };

export interface LoadedModel {
  source: ModelSource;
  /** The decode metadata of a darknet model converted by trtmap. */
  yolo?: YoloDecoderMetadata;
  /** The ONNX model's metadata_props (Ultralytics' names, imgsz, stride, ...); an engine's header record. */
  metadata?: Record<string, unknown>;
  /** TensorRT NMS plugin nodes of the ONNX graph. */
  nmsPlugins?: PluginNode[];
  /** Conversion warnings (darknet), for the user. */
  warnings: string[];
}

/**
 * Reads an ONNX file, converts a darknet cfg + weights in memory (at
 * `inputSize` when given, as `trtmap convert darknet --input-size` does;
 * else the cfg's [net] size), or names an engine.
 */
export function loadModel(
  files: ModelFiles,
  inputSize?: { width?: number; height?: number },
): LoadedModel {
  if ('engine' in files) {
    // An Ultralytics .engine's header: names, imgsz, stride, task (lib/trt).
    const metadata = readEngineMetadata(files.engine);
    return { source: { kind: 'engine', path: files.engine }, metadata, warnings: [] };
  }
  if ('darknet' in files) {
    const { cfg, weights } = files.darknet;
    const conversion = convertDarknetFiles(cfg, weights, {
      inputWidth: inputSize?.width,
      inputHeight: inputSize?.height,
    });
    return {
      source: { kind: 'onnx', path: cfg, bytes: conversion.onnx },
      yolo: conversion.decoder,
      warnings: conversion.warnings,
    };
  }
  const bytes = readModelFile(files.onnx);
  const metadata = readOnnxMetadataProps(bytes, files.onnx);
  const yolo = readDecoderMetadata(metadata);
  return {
    source: { kind: 'onnx', path: files.onnx, bytes },
    yolo,
    metadata,
    nmsPlugins: readNmsPluginNodes(bytes),
    warnings: [],
  };
}

function readModelFile(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TrtmapError(
      code === 'ENOENT' ? 'ERR_FILE_NOT_FOUND' : 'ERR_IO',
      `${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(error)})`}`,
      { file, cause: error },
    );
  }
}
