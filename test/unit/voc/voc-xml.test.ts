import { describe, expect, it } from 'vitest';
import { parseVocAnnotation } from '../../../lib/data/voc-xml.js';

const annotation = (objects: string, extra = '') =>
  `<annotation>\n<filename>x.jpg</filename>\n<size><width>500</width><height>375</height><depth>3</depth></size>${extra}\n${objects}\n</annotation>\n`;

const person = `<object>
  <name>person</name>
  <difficult>1</difficult>
  <bndbox><xmin>10</xmin><ymin>20.5</ymin><xmax>100</xmax><ymax>200</ymax></bndbox>
  <part><name>head</name><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></part>
</object>`;

describe('parseVocAnnotation', () => {
  it('reads filename, size and the direct <object>s, not their <part>s', () => {
    expect(parseVocAnnotation(annotation(person), 'x.xml')).toEqual({
      filename: 'x.jpg',
      width: 500,
      height: 375,
      depth: 3,
      objects: [
        { name: 'person', difficult: true, xmin: 10, ymin: 20.5, xmax: 100, ymax: 200, line: 4 },
      ],
    });
  });

  it('a missing <difficult> means not difficult', () => {
    const object =
      '<object><name>cat</name><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object>';
    expect(parseVocAnnotation(annotation(object), 'x.xml').objects[0].difficult).toBe(false);
  });

  it.each(['<difficult/>', '<difficult></difficult>', '<difficult> </difficult>'])(
    'an empty %s means not difficult (PaddleDetection#5407)',
    (difficult) => {
      const object = `<object><name>cat</name>${difficult}<bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object>`;
      expect(parseVocAnnotation(annotation(object), 'x.xml').objects[0].difficult).toBe(false);
    },
  );

  it('an annotation without objects has none', () => {
    expect(parseVocAnnotation('<annotation/>', 'x.xml')).toEqual({ objects: [] });
  });

  it.each([
    ['<annotations></annotations>', /x\.xml:1: expected <annotation> as the root element/],
    [annotation('<object><name>cat</name></object>'), /x\.xml:4: <object> has no <bndbox>/],
    [annotation('<object><bndbox/></object>'), /x\.xml:4: <object> has no <name>/],
    [
      annotation('<object><name> </name><bndbox/></object>'),
      /x\.xml:4: <object> has an empty <name>/,
    ],
    [
      annotation(
        '<object><name>cat</name><difficult>yes</difficult><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object>',
      ),
      /<difficult> must be 0, 1 or empty, not "yes"/,
    ],
    [
      annotation(
        '<object><name>cat</name><bndbox><xmin>1</xmin><ymin>two</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object>',
      ),
      /<ymin> must be a number, not "two"/,
    ],
    [
      annotation('<object><name>cat</name><name>dog</name><bndbox/></object>'),
      /<object> has more than one <name>/,
    ],
    [annotation(person).replace('</bndbox>', ''), /malformed XML/],
  ])('malformed annotation %# is ERR_PARSE naming file and line', (source, message) => {
    expect(() => parseVocAnnotation(source, 'x.xml')).toThrow(
      expect.objectContaining({
        code: 'ERR_PARSE',
        file: 'x.xml',
        message: expect.stringMatching(message),
      }),
    );
  });
});
