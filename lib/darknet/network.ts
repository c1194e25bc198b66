import { TrtmapError } from '../errors.js';
import { type CfgSection, parseCfg } from './cfg.js';
import type { DarknetLayer, DarknetNetwork, NetOptions, Shape } from './layers.js';
import { parseLayer } from './parse-layers.js';
import { SectionReader } from './section-reader.js';

export interface NetworkOptions {
  /** Overrides [net] width/height (the cfg's own values otherwise). */
  inputWidth?: number;
  inputHeight?: number;
}

/**
 * Parses a cfg into layers with their shapes, following darknet's
 * parse_network_cfg: each layer reads the previous layer's output shape,
 * route and shortcut refer to earlier layers by relative or absolute index.
 * The input size must be a multiple of the network's total downsampling (32
 * for the YOLO models): darknet's layers floor odd sizes, and the heads'
 * grids then no longer line up with the image.
 */
export function parseNetwork(
  text: string,
  file = '<cfg>',
  options: NetworkOptions = {},
): DarknetNetwork {
  // The size is checked first: a wrong one otherwise surfaces as a route of unequal grids.
  checkInputSize(text, file, options);
  return parseSized(text, file, options);
}

function parseSized(text: string, file: string, options: NetworkOptions): DarknetNetwork {
  const warnings: string[] = [];
  const [first, ...rest] = parseCfg(text, file, warnings);
  const netReader = new SectionReader(first, file, warnings);
  if (first.type !== 'net' && first.type !== 'network') {
    throw netReader.error('the first section must be [net]');
  }
  try {
    return parseLayers(file, first, rest, netReader, options, warnings);
  } catch (error) {
    throw withWarnings(error, warnings);
  }
}

function parseLayers(
  file: string,
  first: CfgSection,
  rest: CfgSection[],
  netReader: SectionReader,
  options: NetworkOptions,
  warnings: string[],
): DarknetNetwork {
  const net = parseNet(netReader, options);
  const layers: DarknetLayer[] = [];
  let shape: Shape = { channels: net.channels, height: net.height, width: net.width };
  for (const section of rest) {
    const layer = parseLayer(
      new SectionReader(section, file, warnings),
      layers.length,
      shape,
      layers,
    );
    layers.push(layer);
    shape = layer.output;
  }
  if (layers.length === 0) throw netReader.error('the cfg has no layers after [net]');
  return { file, net, layers, warnings };
}

/** An error after lines were ignored names them: an ignored line is often the cause. */
function withWarnings(error: unknown, warnings: string[]): unknown {
  if (!(error instanceof TrtmapError) || error.code !== 'ERR_DARKNET' || warnings.length === 0) {
    return error;
  }
  return new TrtmapError('ERR_DARKNET', `${error.message} (note: ${warnings.join('; ')})`, {
    file: error.file,
    cause: error,
  });
}

/** Probe size for the downsampling: a multiple of every power of two a detector uses. */
const probe = 4096;

/**
 * ERR_DARKNET (ERR_INVALID_ARGUMENT for an --input-size) when the input is not
 * a multiple of the network's downsampling, found by parsing it again at a
 * size every stride divides, naming the nearest sizes that work.
 */
function checkInputSize(text: string, file: string, options: NetworkOptions): void {
  let probed: DarknetNetwork;
  let doubled: DarknetNetwork;
  try {
    probed = parseSized(text, file, { inputWidth: probe, inputHeight: probe });
    doubled = parseSized(text, file, { inputWidth: 2 * probe, inputHeight: 2 * probe });
  } catch {
    return; // the cfg fails anyway (the real parse says why) or cannot take the probe size
  }
  const [first] = parseCfg(text, file);
  const reader = new SectionReader(first, file);
  const width = options.inputWidth ?? reader.int('width', 0);
  const height = options.inputHeight ?? reader.int('height', 0);
  // Layers whose grid follows the input (a global [avgpool] is 1x1 at any size).
  const factor = (axis: 'width' | 'height') =>
    probe /
    Math.min(
      ...probed.layers
        .filter((layer, i) => doubled.layers[i].output[axis] !== layer.output[axis])
        .map((layer) => layer.output[axis]),
    );
  const strideX = factor('width');
  const strideY = factor('height');
  if (!Number.isInteger(strideX) || !Number.isInteger(strideY) || strideX < 1 || strideY < 1) {
    return;
  }
  if (width % strideX === 0 && height % strideY === 0) return;
  const nearest = (size: number, stride: number) => {
    const below = Math.max(stride, Math.floor(size / stride) * stride);
    return below === size ? `${size}` : `${below} or ${below + stride}`;
  };
  const given = options.inputWidth !== undefined || options.inputHeight !== undefined;
  const message =
    `${given ? `--input-size ${width}x${height}` : `${file}: [net] width=${width} height=${height}`}: ` +
    `darknet models take sizes that are multiples of ${strideX === strideY ? strideX : `${strideX}x${strideY}`} ` +
    `(the network downsamples its input that much; other sizes floor the layers' grids out of line): ` +
    `use a width of ${nearest(width, strideX)} and a height of ${nearest(height, strideY)}`;
  throw new TrtmapError(given ? 'ERR_INVALID_ARGUMENT' : 'ERR_DARKNET', message, { file });
}

function parseNet(reader: SectionReader, options: NetworkOptions): NetOptions {
  const width = options.inputWidth ?? reader.int('width', 0);
  const height = options.inputHeight ?? reader.int('height', 0);
  const channels = reader.int('channels', 0);
  if (!(width > 0 && height > 0 && channels > 0)) {
    throw reader.error(
      `needs positive width, height and channels (found ${width}x${height}x${channels})`,
    );
  }
  return {
    width,
    height,
    channels,
    letterBox: reader.int('letter_box', 0) !== 0,
    line: reader.line,
  };
}
