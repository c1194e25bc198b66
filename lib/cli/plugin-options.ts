import type { OptionSpecs, ParsedArgs } from './args.js';

/** `--plugins <lib.so>` (repeatable), on every command that loads engines. */
export const pluginOptions: OptionSpecs = {
  plugins: {
    type: 'list',
    valueName: 'lib.so',
    default: 'none',
    description:
      "TensorRT plugin library to load before any engine (repeatable), as trtexec's --plugins: e.g. tensorrt_demos' libyolo_layer.so",
  },
};

export function pluginsOf(parsed: ParsedArgs): string[] {
  return parsed.lists.get('plugins') ?? [];
}
