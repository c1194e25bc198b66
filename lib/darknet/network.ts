import { parseCfg } from './cfg.js';
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
 */
export function parseNetwork(
  text: string,
  file = '<cfg>',
  options: NetworkOptions = {},
): DarknetNetwork {
  const [first, ...rest] = parseCfg(text, file);
  const netReader = new SectionReader(first, file);
  if (first.type !== 'net' && first.type !== 'network') {
    throw netReader.error('the first section must be [net]');
  }
  const net = parseNet(netReader, options);
  const layers: DarknetLayer[] = [];
  let shape: Shape = { channels: net.channels, height: net.height, width: net.width };
  for (const section of rest) {
    const layer = parseLayer(new SectionReader(section, file), layers.length, shape, layers);
    layers.push(layer);
    shape = layer.output;
  }
  if (layers.length === 0) throw netReader.error('the cfg has no layers after [net]');
  return { file, net, layers };
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
