import { checkInputPath } from './input-paths.js';
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

/**
 * The `--plugins` libraries, each checked to exist (ERR_FILE_NOT_FOUND before
 * anything loads: it used to surface only where TensorRT is, or never when no
 * engine leg ran). buildEngine / Engine.load resolve them as paths from the
 * working folder, so a bare name is a file here too.
 */
export function pluginsOf(parsed: ParsedArgs): string[] {
  const plugins = parsed.lists.get('plugins') ?? [];
  for (const plugin of plugins) checkInputPath(plugin, '--plugins');
  return plugins;
}
