import { describe, expect, it } from 'vitest';
import { mismatchWarnings, parseNetwork } from '../../../lib/darknet/index.js';

const tinyAnchors = '10,14,  23,27,  37,58,  81,82,  135,169,  344,319';
const head = (mask: string, anchors = tinyAnchors) =>
  `[convolutional]\nfilters=255\nsize=1\nactivation=linear\n[yolo]\nmask=${mask}\nanchors=${anchors}\nclasses=80\nnum=6\n`;
const tiny = (secondMask: string, anchors?: string) =>
  parseNetwork(
    `[net]\nwidth=32\nheight=32\nchannels=3\n${head('3,4,5', anchors)}[route]\nlayers=-2\n${head(secondMask, anchors)}`,
    'yolov3-tiny.cfg',
  );

describe('yolov3-tiny mask warning', () => {
  it('warns when the second head uses 0,1,2 with the standard tiny anchors', () => {
    const warnings = mismatchWarnings(tiny('0,1,2'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^yolov3-tiny\.cfg:20: .*mask=0,1,2 .*trained with mask=1,2,3/);
  });

  it('is silent for mask 1,2,3 or other anchors', () => {
    expect(mismatchWarnings(tiny('1,2,3'))).toEqual([]);
    expect(mismatchWarnings(tiny('0,1,2', '12,18,37,49,52,132,115,73,119,199,242,238'))).toEqual(
      [],
    );
  });
});
