/**
 * darknet's own `detector test -thresh 0.1` on Yolo-Fastest-1.1 (fixture cfg
 * and weights) and images/dog.jpg, as issue 6 quotes it: label, probability,
 * [left, top, width, height] in pixels of the 768x576 image.
 */
export const darknetDogDetections: ReadonlyArray<readonly [string, number, readonly number[]]> = [
  ['car', 0.883, [454, 78, 230, 102]],
  ['dog', 0.649, [122, 222, 244, 295]],
  ['cat', 0.548, [112, 213, 258, 304]],
  ['bicycle', 0.547, [245, 187, 342, 233]],
  ['car', 0.439, [690, 116, 39, 38]],
  ['car', 0.375, [452, 78, 151, 86]],
  ['person', 0.329, [63, 73, 48, 46]],
  ['bicycle', 0.286, [80, 176, 368, 316]],
  ['car', 0.236, [63, 73, 48, 46]],
  ['person', 0.217, [690, 116, 39, 38]],
  ['truck', 0.206, [458, 78, 207, 96]],
  ['person', 0.141, [62, 80, 24, 38]],
  ['car', 0.13, [644, 115, 48, 41]],
  ['car', 0.117, [573, 97, 115, 68]],
  ['car', 0.101, [472, 76, 166, 60]],
];
