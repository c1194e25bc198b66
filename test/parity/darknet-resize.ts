/**
 * A transcription of darknet's resize_image (src/image.c), float32 throughout
 * (Math.fround after every operation), on darknet's planar [c][h][w] image of
 * values / 255. The test compares trtmap's 'darknet' interpolation to this.
 */
export interface PlanarImage {
  width: number;
  height: number;
  channels: number;
  data: Float32Array;
}

const f = Math.fround;

function getPixel(image: PlanarImage, x: number, y: number, c: number): number {
  return image.data[c * image.height * image.width + y * image.width + x];
}

export function darknetResizeImage(image: PlanarImage, w: number, h: number): PlanarImage {
  const resized: PlanarImage = {
    width: w,
    height: h,
    channels: image.channels,
    data: new Float32Array(w * h * image.channels),
  };
  const part: PlanarImage = {
    width: w,
    height: image.height,
    channels: image.channels,
    data: new Float32Array(w * image.height * image.channels),
  };
  const wScale = f(f(image.width - 1) / f(w - 1));
  const hScale = f(f(image.height - 1) / f(h - 1));
  for (let k = 0; k < image.channels; ++k) {
    for (let r = 0; r < image.height; ++r) {
      for (let c = 0; c < w; ++c) {
        let val = 0;
        if (c === w - 1 || image.width === 1) {
          val = getPixel(image, image.width - 1, r, k);
        } else {
          const sx = f(c * wScale);
          const ix = Math.trunc(sx);
          const dx = f(sx - ix);
          val = f(f(f(1 - dx) * getPixel(image, ix, r, k)) + f(dx * getPixel(image, ix + 1, r, k)));
        }
        part.data[k * image.height * w + r * w + c] = val;
      }
    }
  }
  for (let k = 0; k < image.channels; ++k) {
    for (let r = 0; r < h; ++r) {
      const sy = f(r * hScale);
      const iy = Math.trunc(sy);
      const dy = f(sy - iy);
      for (let c = 0; c < w; ++c) {
        resized.data[k * h * w + r * w + c] = f(f(1 - dy) * getPixel(part, c, iy, k));
      }
      if (r === h - 1 || image.height === 1) continue;
      for (let c = 0; c < w; ++c) {
        const index = k * h * w + r * w + c;
        resized.data[index] = f(resized.data[index] + f(dy * getPixel(part, c, iy + 1, k)));
      }
    }
  }
  return resized;
}

/** darknet's load_image_color layout: planar RGB floats / 255. */
export function toDarknetImage(rgb: Uint8Array, width: number, height: number): PlanarImage {
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++)
        data[c * width * height + y * width + x] = f(rgb[(y * width + x) * 3 + c] / 255);
  return { width, height, channels: 3, data };
}
