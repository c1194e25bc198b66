import { describe, expect, it } from 'vitest';
import {
  type Color,
  type RasterImage,
  classColor,
  drawDetections,
  drawRectangle,
  drawText,
  fillRectangle,
  textColorOn,
  textSize,
} from '../../../lib/image/draw.js';
import { glyph } from '../../../lib/image/font.js';

function blank(width: number, height: number, channels: 1 | 3 = 3): RasterImage {
  return { data: new Uint8Array(width * height * channels), width, height, channels };
}

function pixel(image: RasterImage, x: number, y: number): number[] {
  const at = (y * image.width + x) * image.channels;
  return Array.from(image.data.subarray(at, at + image.channels));
}

function painted(image: RasterImage): Set<string> {
  const set = new Set<string>();
  for (let y = 0; y < image.height; y++)
    for (let x = 0; x < image.width; x++)
      if (pixel(image, x, y).some((value) => value !== 0)) set.add(`${x},${y}`);
  return set;
}

const red: Color = [255, 0, 0];

describe('drawing on decoded pixels', () => {
  it('a box outline covers round(x1)..round(x2)-1, lineWidth pixels inward', () => {
    const image = blank(20, 20);
    drawRectangle(image, [2.4, 3, 12, 15], red, 3);
    const expected = new Set<string>();
    for (let y = 3; y < 15; y++)
      for (let x = 2; x < 12; x++)
        if (x < 5 || x >= 9 || y < 6 || y >= 12) expected.add(`${x},${y}`);
    expect(painted(image)).toEqual(expected);
    expect(pixel(image, 2, 3)).toEqual([255, 0, 0]);
  });

  it('clips to the image: boxes partly or wholly outside, non-finite boxes draw nothing outside', () => {
    const image = blank(10, 8);
    drawRectangle(image, [-5, -5, 4, 30], red, 2);
    fillRectangle(image, 8, 6, 100, 100, red);
    drawRectangle(image, [Number.NaN, 0, 5, 5], red, 2);
    // Only the right edge (x 2..3) of the first box is inside, all 8 rows of it,
    // plus the 2x2 corner of the fill.
    expect(painted(image).size).toBe(2 * 8 + 4);
    expect(pixel(image, 2, 0)).toEqual([255, 0, 0]);
    expect(pixel(image, 1, 0)).toEqual([0, 0, 0]);
    expect(() => drawRectangle(image, [50, 50, 60, 60], red)).not.toThrow();
  });

  it('text draws each glyph of the built-in 5x7 font in a 6x8 cell, scaled by whole pixels', () => {
    for (const scale of [1, 3]) {
      const image = blank(40, 30);
      const width = drawText(image, 2, 1, 'Hi', [0, 255, 0], scale);
      expect(width).toBe(textSize('Hi', scale).width);
      expect(width).toBe(12 * scale);
      for (const [index, character] of ['H', 'i'].entries()) {
        const rows = glyph(character);
        for (let row = 0; row < 7 * scale; row++) {
          for (let column = 0; column < 6 * scale; column++) {
            const bit =
              column < 5 * scale
                ? (rows[Math.floor(row / scale)] >> (4 - Math.floor(column / scale))) & 1
                : 0;
            const x = 2 + index * 6 * scale + column;
            expect(pixel(image, x, 1 + row)[1], `${character} ${column},${row} x${scale}`).toBe(
              bit ? 255 : 0,
            );
          }
        }
      }
    }
  });

  it('the font covers printable ASCII with distinct glyphs; other characters draw as ?', () => {
    const seen = new Set<string>();
    for (let code = 33; code <= 126; code++) {
      const bits = Array.from(glyph(String.fromCharCode(code))).join(',');
      expect(seen.has(bits), String.fromCharCode(code)).toBe(false);
      seen.add(bits);
    }
    expect(Array.from(glyph('é'))).toEqual(Array.from(glyph('?')));
    expect(Array.from(glyph(' ')).every((row) => row === 0)).toBe(true);
  });

  it('labels sit on a filled background above the box, or inside it at the top edge', () => {
    const image = blank(100, 60);
    drawDetections(
      image,
      [
        { box: [30, 40, 90, 58], label: 'dog', classId: 16 },
        { box: [5, 0, 40, 30], label: 'cat', classId: 15 },
      ],
      { lineWidth: 1, fontScale: 1 },
    );
    const dog = classColor(16);
    const cat = classColor(15);
    // Above the dog box: background rows 30..39 (8 + 2 padding), columns 30..49.
    expect(pixel(image, 30, 30)).toEqual([...dog]);
    expect(pixel(image, 49, 39)).toEqual([...dog]);
    expect(pixel(image, 50, 35)).toEqual([0, 0, 0]);
    // The cat box touches the top: its label goes inside, from y = 0.
    expect(pixel(image, 5, 0)).toEqual([...cat]);
    expect(pixel(image, 24, 9)).toEqual([...cat]);
    // 'd' top-left pixel of its stem is text-coloured: column 4 of row 0, at (31 + 4, 31).
    expect(pixel(image, 35, 31)).toEqual([...textColorOn(dog)]);
    // The outline keeps the class colour where no label covers it.
    expect(pixel(image, 89, 57)).toEqual([...dog]);
  });

  it('class colours are distinct and stable: 80 classes, neighbouring ids far apart', () => {
    const colors = Array.from({ length: 80 }, (_, id) => classColor(id));
    expect(new Set(colors.map((color) => color.join(','))).size).toBe(80);
    const distance = (a: Color, b: Color) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    for (let id = 1; id < 80; id++)
      expect(distance(colors[id], colors[id - 1])).toBeGreaterThan(100);
    expect(classColor(3)).toEqual(colors[3]);
    expect(textColorOn([255, 255, 0])).toEqual([0, 0, 0]);
    expect(textColorOn([0, 0, 128])).toEqual([255, 255, 255]);
  });

  it('draws on gray images with the colour as luma', () => {
    const image = blank(10, 10, 1);
    fillRectangle(image, 0, 0, 2, 2, [255, 0, 0]);
    expect(pixel(image, 1, 1)).toEqual([76]);
    expect(() => drawRectangle({ ...image, channels: 3 }, [0, 0, 2, 2], red)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });
});
