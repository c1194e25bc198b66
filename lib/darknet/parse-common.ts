import { Activations, type Activation, type Shape } from './layers.js';
import type { SectionReader } from './section-reader.js';

/** Checks shared by the section parsers. */

export function activation(reader: SectionReader, fallback: Activation): Activation {
  const name = reader.string('activation', fallback);
  if (!(Activations as readonly string[]).includes(name)) {
    throw reader.error(
      `activation ${JSON.stringify(name)} is not supported (supported: ${Activations.join(', ')})`,
      'activation',
    );
  }
  return name as Activation;
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
