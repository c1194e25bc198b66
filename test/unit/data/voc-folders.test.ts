import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCocoDataset, openVocDataset } from '../../../lib/data/index.js';
import { checkImageFiles } from '../../../lib/data/image-files.js';
import {
  loadVocGroundTruthFolder,
  loadVocInputs,
  vocDetectionWarnings,
  vocToCoco,
} from '../../../lib/metrics/index.js';
import { tempFolder } from '../../helpers/temp-folder.js';

const { folder, write: put } = tempFolder('trtmap-voc-folders-');

const xml = (objects: string, fileName?: string) =>
  `<annotation>${fileName ? `<filename>${fileName}</filename>` : ''}${objects}</annotation>`;
const object = (name: string, difficult = '<difficult>0</difficult>') =>
  `<object><name>${name}</name>${difficult}<bndbox><xmin>1</xmin><ymin>2</ymin><xmax>30</xmax><ymax>40</ymax></bndbox></object>`;

// A VOC2007-like folder as people have it: made on macOS (AppleDouble and .DS_Store files),
// images with upper-case or other extensions, a split listing some images, CRLF and a BOM.
const root = path.join(folder, 'VOCdevkit', 'VOC2007');
put('VOCdevkit/VOC2007/Annotations/a.xml', xml(object('dog'), 'a.JPG'));
put('VOCdevkit/VOC2007/Annotations/b.xml', xml(object('cat', '<difficult/>')));
put('VOCdevkit/VOC2007/Annotations/c.XML', xml(object('dog'))); // a Windows tool's upper case
put('VOCdevkit/VOC2007/Annotations/._a.xml', Buffer.from([0, 5, 22, 7, 0, 2, 0, 0, 0x4d, 0x61]));
put('VOCdevkit/VOC2007/Annotations/.DS_Store', Buffer.from([0, 0, 0, 1, 0x42, 0x75]));
put('VOCdevkit/VOC2007/JPEGImages/a.JPG', 'not decoded here');
put('VOCdevkit/VOC2007/JPEGImages/b.jpeg', 'not decoded here');
put('VOCdevkit/VOC2007/JPEGImages/C.PNG', 'not decoded here');
put('VOCdevkit/VOC2007/ImageSets/Main/test.txt', '\ufeffc\r\nb\r\n\r\n');

describe('VOC folders as people have them', () => {
  it('skips hidden and AppleDouble files, and reads an empty <difficult/> as 0', async () => {
    const set = await loadVocGroundTruthFolder(root);
    expect(set.imageIds).toEqual(['a', 'b', 'c']);
    expect(set.groundTruth.map((box) => [box.imageId, box.difficult])).toEqual([
      ['a', false],
      ['b', false],
      ['c', false],
    ]);
  });

  it('an annotation named .XML is listed and opened alike; two files of one id are refused', async () => {
    const set = await loadVocGroundTruthFolder(root, 'xyxy', 'test');
    expect(set.groundTruth.map((box) => box.imageId)).toEqual(['b', 'c']);
    const twice = path.join(folder, 'twice');
    put('twice/Annotations/a.xml', xml(object('dog')));
    put('twice/Annotations/a.XML', xml(object('cat')));
    await expect(loadVocGroundTruthFolder(twice)).rejects.toThrow(
      /a\.XML and a\.xml are both the annotation of image a: keep one/,
    );
  });

  it('a split keeps the numbers of the whole folder, in eval and in score alike', async () => {
    const dataset = await openVocDataset(root, { split: 'test' });
    expect(dataset.images.map((image) => [image.name, image.id])).toEqual([
      ['b', 2],
      ['c', 3],
    ]);
    const scored = vocToCoco(await loadVocGroundTruthFolder(root, 'xyxy', 'test'));
    expect([...scored.imageIdOf]).toEqual([
      ['b', 2],
      ['c', 3],
    ]);
  });

  it("finds each image from the xml's <filename>, else by its id with any extension and case", async () => {
    const dataset = await openVocDataset(root);
    const images = path.join(root, 'JPEGImages');
    expect(dataset.images.map((image) => image.path)).toEqual([
      path.join(images, 'a.JPG'),
      path.join(images, 'b.jpeg'),
      path.join(images, 'C.PNG'),
    ]);
  });

  it('a VOCdevkit root instead of VOC2007 is an error naming the folder to give', async () => {
    const devkit = path.join(folder, 'VOCdevkit');
    await expect(openVocDataset(devkit)).rejects.toThrow(
      `${devkit} has no annotations of its own (a VOCdevkit folder): give ${root}`,
    );
    await expect(loadVocInputs(devkit, path.join(root, 'Annotations'))).rejects.toThrow(
      /a VOCdevkit folder\): give/,
    );
  });

  it('a symlinked VOCdevkit/VOC2007 and the folder above VOCdevkit get the same hint', async () => {
    const linked = path.join(folder, 'linked');
    mkdirSync(path.join(linked, 'VOCdevkit'), { recursive: true });
    symlinkSync(root, path.join(linked, 'VOCdevkit', 'VOC2007'));
    const year = path.join(linked, 'VOCdevkit', 'VOC2007');
    await expect(openVocDataset(path.join(linked, 'VOCdevkit'))).rejects.toThrow(
      `has no annotations of its own (a VOCdevkit folder): give ${year}`,
    );
    // The text-ground-truth reader (score) says the same, not "no .txt ground-truth files".
    await expect(loadVocGroundTruthFolder(path.join(linked, 'VOCdevkit'))).rejects.toThrow(
      `give ${year}`,
    );
    await expect(openVocDataset(linked)).rejects.toThrow(
      `${linked} has no annotations of its own (the folder above a VOCdevkit folder): give ${year}`,
    );
  });

  it('an image folder without the dataset’s images stops before the run, saying where they are', () => {
    const annotations = put(
      'coco/annotations.json',
      JSON.stringify({
        images: [1, 2, 3].map((id) => ({ id, file_name: `${id}.jpg` })),
        annotations: [],
        categories: [{ id: 1, name: 'x' }],
      }),
    );
    for (const id of [1, 2, 3]) put(`coco/images/val2017/${id}.jpg`, 'x');
    const dataset = openCocoDataset(annotations, path.join(folder, 'coco/images'));
    expect(() => checkImageFiles(dataset, dataset.images)).toThrow(
      /none of the 3 images of .*annotations\.json are in .*images \(e\.g\. .*1\.jpg is missing\)\. The images seem to be in .*val2017: give that folder/,
    );
    const right = openCocoDataset(annotations, path.join(folder, 'coco/images/val2017'));
    expect(() => checkImageFiles(right, right.images)).not.toThrow();
  });
});

describe('vocDetectionWarnings', () => {
  const groundTruth = [
    { imageId: 'a', className: 'tvmonitor', x1: 1, y1: 1, x2: 9, y2: 9, difficult: false },
    { imageId: 'a', className: 'person', x1: 1, y1: 1, x2: 9, y2: 9, difficult: false },
  ];
  const detection = (className: string, x2 = 9) => ({
    imageId: 'a',
    className,
    confidence: 0.5,
    x1: 5,
    y1: 1,
    x2,
    y2: 9,
  });

  it('names classes the ground truth lacks, with the likely meaning', () => {
    const warnings = vocDetectionWarnings(
      groundTruth,
      [detection('tv'), detection('tv'), detection('Person'), detection('giraffe')],
      'xyxy',
    );
    expect(warnings).toEqual([
      'detections of classes the ground truth does not have: "tv" (2) (tvmonitor?), "Person" (1) (person?), "giraffe" (1); they are scored as classes without ground truth (not in the mAP)',
    ]);
  });

  it('x2 < x1 in a corner file: suggests --format xywh', () => {
    const warnings = vocDetectionWarnings(groundTruth, [detection('person', 3)], 'xyxy');
    expect(warnings.join()).toMatch(/1 of 1 detections have x2 < x1 .* pass --format xywh/);
    expect(vocDetectionWarnings(groundTruth, [detection('person', 3)], 'xywh')).toEqual([]);
  });

  it('boxes normalized to 0..1 against pixel ground truth: names the likely cause', () => {
    const unit = (x1: number, x2: number) => ({ ...detection('person'), x1, y1: 0.1, x2, y2: 0.4 });
    const detections = [unit(0.1, 0.3), unit(0.2, 0.5), unit(0.6, 0.9)];
    expect(vocDetectionWarnings(groundTruth, detections, 'xyxy').join()).toMatch(
      /3 of 3 detections lie inside \[0, 1\] while the ground-truth boxes are in pixels: boxes normalized .* pixel coordinates/,
    );
    const unitGroundTruth = groundTruth.map((box) => ({
      ...box,
      x1: 0.1,
      y1: 0.1,
      x2: 0.5,
      y2: 0.5,
    }));
    expect(vocDetectionWarnings(unitGroundTruth, detections, 'xyxy')).toEqual([]);
  });
});
