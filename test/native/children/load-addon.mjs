// Loads the addon the way lib/native does (node-gyp-build from the repository
// root, or TRTMAP_NATIVE_PATH), for child-process and worker-thread tests that
// run as plain JavaScript.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function loadAddon() {
  const file = process.env.TRTMAP_NATIVE_PATH || require('node-gyp-build').path(root);
  return require(file);
}

export const spec = {
  width: 320,
  height: 320,
  resize: 'letterbox',
  anchor: 'center',
  padValue: 127.5,
  interpolation: 'bilinear',
  channelOrder: 'rgb',
  scale: 1 / 255,
  mean: [0, 0, 0],
  std: [1, 1, 1],
  layout: 'nchw',
  dtype: 'float32',
};
