import { Activations, type Activation, type Shape } from './layers.js';
import type { SectionReader } from './section-reader.js';

/** Checks shared by the section parsers. */

/** Every name darknet's get_activation knows (AlexeyAB src/activations.c). */
const darknetActivations = [
  'logistic',
  'swish',
  'mish',
  'hard_mish',
  'normalize_channels',
  'normalize_channels_softmax',
  'normalize_channels_softmax_maxval',
  'loggy',
  'relu',
  'relu6',
  'elu',
  'selu',
  'gelu',
  'relie',
  'plse',
  'hardtan',
  'lhtan',
  'linear',
  'ramp',
  'leaky',
  'tanh',
  'stair',
  'revleaky',
];

/**
 * The layer's activation. One darknet knows but trtmap does not convert is an
 * error; a name darknet does not know at all (a typo, or `leaky#comment`,
 * since darknet keeps a trailing comment in the value) is what darknet's
 * get_activation makes of it: ReLU, with a warning, because the weights were
 * trained by a darknet that read it so.
 */
export function activation(reader: SectionReader, fallback: Activation): Activation {
  const name = reader.string('activation', fallback);
  if ((Activations as readonly string[]).includes(name)) return name as Activation;
  if (darknetActivations.includes(name)) {
    throw reader.error(
      `activation ${JSON.stringify(name)} is not supported (supported: ${Activations.join(', ')})`,
      'activation',
    );
  }
  reader.warn(
    `activation ${JSON.stringify(name)} is not one darknet knows: darknet uses ReLU for it ` +
      '(its get_activation fallback), and so does this conversion; remove what follows the name if that is not what the weights were trained with',
    'activation',
  );
  return 'relu';
}

export function refuse(reader: SectionReader, keys: string[]): void {
  for (const key of keys) {
    if (reader.has(key) && reader.string(key, '0') !== '0')
      throw reader.error(`${key} is not supported`, key);
  }
}

export function positive(reader: SectionReader, key: string, value: number): number {
  if (!(value >= 1)) throw reader.error(`${key}=${value} must be at least 1`, key);
  return value;
}

export function checkShape(reader: SectionReader, shape: Shape): void {
  if (!(shape.height >= 1 && shape.width >= 1 && shape.channels >= 1)) {
    throw reader.error(
      `the output would be empty (${shape.width}x${shape.height}x${shape.channels}); is the input size too small?`,
    );
  }
}
