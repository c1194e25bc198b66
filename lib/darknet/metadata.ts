import { TrtmapError } from '../errors.js';
import type { DarknetNetwork, YoloLayer } from './layers.js';

/**
 * What a YOLO decoder needs to turn the converted model's raw head outputs
 * into boxes, stored as JSON in the ONNX file's metadata_props under
 * DECODER_METADATA_KEY, so an evaluation needs no options besides the model.
 */
export const DECODER_METADATA_KEY = 'trtmap.decoder';

export interface YoloHeadMetadata {
  /** Name of the ONNX output holding this head: [batch, mask.length*(classes+5), h, w], before any sigmoid. */
  output: string;
  /** Index of the [yolo] layer in the cfg. */
  layer: number;
  classes: number;
  /** Which anchor pairs this head uses. */
  mask: number[];
  /** Every anchor of the section, [w0, h0, w1, h1, ...] in input pixels. */
  anchors: number[];
  scaleXY: number;
  /**
   * new_coords=1 (scaled YOLOv4): the outputs are already logistic and
   * w = (2*t)^2 * anchor; otherwise sigmoid x, y, objectness, classes and w = e^t * anchor.
   */
  newCoords: boolean;
  /**
   * darknet's nms_kind, as parse_yolo reads it: "default" (do_nms_sort, IoU),
   * "greedynms" (diounms_sort with box_diou: IoU - (d^2/c^2)^0.6, the exponent
   * fixed in box.c) or "diounms" (box_diounms with exponent beta_nms).
   */
  nmsKind: string;
  betaNms: number;
}

export interface YoloDecoderMetadata {
  format: 'darknet-yolo';
  version: 1;
  input: string;
  inputWidth: number;
  inputHeight: number;
  channels: number;
  /**
   * 'RGB': three planes (NCHW), each value x/255. 'gray' (`channels=1`): one
   * plane, the luma darknet loads through stb_image with one channel,
   * (77 R + 150 G + 29 B) >> 8 (stbi__compute_y), then x/255.
   */
  channelOrder: 'RGB' | 'gray';
  scale: number;
  /** letter_box=1 in [net]: keep the aspect ratio and pad; else darknet's plain corner-aligned resize. */
  letterBox: boolean;
  /** darknet's `detector test` and `map` use 0.45 (not a cfg option). */
  nmsThreshold: number;
  /** The NMS darknet applies to all heads: that of the last [yolo] layer (test_detector in detector.c). */
  nmsKind: string;
  betaNms: number;
  heads: YoloHeadMetadata[];
}

export function decoderMetadata(
  network: DarknetNetwork,
  input: string,
  heads: { layer: YoloLayer; output: string }[],
): YoloDecoderMetadata {
  return {
    format: 'darknet-yolo',
    version: 1,
    input,
    inputWidth: network.net.width,
    inputHeight: network.net.height,
    channels: network.net.channels,
    channelOrder: network.net.channels === 1 ? 'gray' : 'RGB',
    scale: 1 / 255,
    letterBox: network.net.letterBox,
    nmsThreshold: 0.45,
    nmsKind: heads[heads.length - 1].layer.nmsKind,
    betaNms: heads[heads.length - 1].layer.betaNms,
    heads: heads.map(({ layer, output }) => ({
      output,
      layer: layer.index,
      classes: layer.classes,
      mask: layer.mask,
      anchors: layer.anchors,
      scaleXY: layer.scaleXY,
      newCoords: layer.newCoords,
      nmsKind: layer.nmsKind,
      betaNms: layer.betaNms,
    })),
  };
}

/** Reads the metadata back from an ONNX model's metadata_props; undefined when absent. */
export function readDecoderMetadata(
  props: Readonly<Record<string, string>>,
): YoloDecoderMetadata | undefined {
  const text = props[DECODER_METADATA_KEY];
  if (text === undefined) return undefined;
  let value: Partial<YoloDecoderMetadata>;
  try {
    value = JSON.parse(text) as Partial<YoloDecoderMetadata>;
  } catch (error) {
    throw new TrtmapError('ERR_ONNX', `metadata ${DECODER_METADATA_KEY} is not valid JSON`, {
      cause: error,
    });
  }
  if (value.format !== 'darknet-yolo' || value.version !== 1 || !Array.isArray(value.heads)) {
    throw new TrtmapError(
      'ERR_ONNX',
      `metadata ${DECODER_METADATA_KEY} is not darknet-yolo version 1 (written by a newer trtmap?)`,
    );
  }
  return value as YoloDecoderMetadata;
}
