/**
 * Small inline-SVG charts for the HTML report: no script, no fonts or styles
 * from the network, so the file renders the same offline and in a headless
 * browser. Coordinates are rounded to 0.1 px to keep the file small.
 */

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const round = (value: number) => Math.round(value * 10) / 10;

export interface Series {
  label: string;
  color: string;
  /** [x, y] pairs in the chart's domain. */
  points: Array<[number, number]>;
  /** Extra attributes for the polyline (e.g. data-leg). */
  attributes?: Record<string, string>;
}

interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

function attributes(values: Record<string, string> = {}): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
}

/** A precision-recall style chart: both axes 0..1, one polyline per series. */
export function curveChart(options: {
  title: string;
  series: Series[];
  width?: number;
  height?: number;
  xLabel: string;
  yLabel: string;
  attributes?: Record<string, string>;
}): string {
  const frame: Frame = {
    width: options.width ?? 260,
    height: options.height ?? 200,
    left: 34,
    right: 8,
    top: 22,
    bottom: 30,
  };
  const plotWidth = frame.width - frame.left - frame.right;
  const plotHeight = frame.height - frame.top - frame.bottom;
  const x = (value: number) => round(frame.left + value * plotWidth);
  const y = (value: number) => round(frame.top + (1 - value) * plotHeight);
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  const grid = ticks
    .map(
      (tick) =>
        `<line x1="${x(0)}" x2="${x(1)}" y1="${y(tick)}" y2="${y(tick)}" class="grid"/>` +
        `<text x="${x(0) - 4}" y="${y(tick) + 3}" text-anchor="end" class="tick">${tick}</text>` +
        `<text x="${x(tick)}" y="${y(0) + 12}" text-anchor="middle" class="tick">${tick}</text>`,
    )
    .join('');
  const lines = options.series
    .map((series) => {
      const points = series.points.map(([px, py]) => `${x(px)},${y(py)}`).join(' ');
      return `<polyline fill="none" stroke="${series.color}" stroke-width="1.6" points="${points}"${attributes(series.attributes)}><title>${escapeXml(series.label)}</title></polyline>`;
    })
    .join('');
  return svg(frame, options.attributes, [
    `<text x="${frame.left}" y="14" class="title">${escapeXml(options.title)}</text>`,
    grid,
    `<rect x="${x(0)}" y="${y(1)}" width="${round(plotWidth)}" height="${round(plotHeight)}" class="frame"/>`,
    lines,
    `<text x="${round(frame.left + plotWidth / 2)}" y="${frame.height - 3}" text-anchor="middle" class="axis">${escapeXml(options.xLabel)}</text>`,
    `<text transform="translate(10 ${round(frame.top + plotHeight / 2)}) rotate(-90)" text-anchor="middle" class="axis">${escapeXml(options.yLabel)}</text>`,
  ]);
}

export interface Bar {
  label: string;
  value: number | undefined;
  color: string;
  /** The printed value (the chart scales by `value`). */
  text: string;
  attributes?: Record<string, string>;
}

/** Horizontal bars from zero, one per leg; a missing value shows its text without a bar. */
export function barChart(options: {
  title: string;
  bars: Bar[];
  width?: number;
  attributes?: Record<string, string>;
}): string {
  const rowHeight = 22;
  const frame: Frame = {
    width: options.width ?? 420,
    height: 28 + rowHeight * options.bars.length,
    left: 150,
    right: 70,
    top: 24,
    bottom: 4,
  };
  const plotWidth = frame.width - frame.left - frame.right;
  const largest = Math.max(0, ...options.bars.map((bar) => bar.value ?? 0));
  const rows = options.bars.map((bar, index) => {
    const top = frame.top + index * rowHeight;
    const length =
      bar.value !== undefined && largest > 0 ? round((bar.value / largest) * plotWidth) : 0;
    return (
      `<text x="${frame.left - 6}" y="${top + 14}" text-anchor="end" class="label">${escapeXml(bar.label)}</text>` +
      `<rect x="${frame.left}" y="${top + 3}" width="${length}" height="${rowHeight - 8}" fill="${bar.color}"${attributes(bar.attributes)}/>` +
      `<text x="${frame.left + length + 5}" y="${top + 14}" class="value">${escapeXml(bar.text)}</text>`
    );
  });
  return svg(frame, options.attributes, [
    `<text x="4" y="15" class="title">${escapeXml(options.title)}</text>`,
    ...rows,
  ]);
}

/** A latency histogram: bars over [edges[i], edges[i + 1]), the x axis in milliseconds. */
export function histogramChart(options: {
  title: string;
  edges: number[];
  counts: number[];
  color: string;
  unit: string;
  attributes?: Record<string, string>;
}): string {
  const frame: Frame = { width: 320, height: 170, left: 34, right: 10, top: 22, bottom: 30 };
  const plotWidth = frame.width - frame.left - frame.right;
  const plotHeight = frame.height - frame.top - frame.bottom;
  const { edges, counts } = options;
  const low = edges[0] ?? 0;
  const high = edges[edges.length - 1] ?? 1;
  const span = high > low ? high - low : 1;
  const x = (value: number) => round(frame.left + ((value - low) / span) * plotWidth);
  const tallest = Math.max(1, ...counts);
  const bars = counts.map((count, index) => {
    const left = x(edges[index]);
    const width = Math.max(
      1,
      round((high > low ? x(edges[index + 1]) : frame.left + plotWidth) - left - 1),
    );
    const height = round((count / tallest) * plotHeight);
    return `<rect x="${left}" y="${round(frame.top + plotHeight - height)}" width="${width}" height="${height}" fill="${options.color}"><title>${count} runs</title></rect>`;
  });
  return svg(frame, options.attributes, [
    `<text x="${frame.left}" y="14" class="title">${escapeXml(options.title)}</text>`,
    `<rect x="${frame.left}" y="${frame.top}" width="${plotWidth}" height="${plotHeight}" class="frame"/>`,
    ...bars,
    `<text x="${frame.left}" y="${frame.top + plotHeight + 12}" class="tick">${low.toFixed(2)}</text>`,
    `<text x="${frame.left + plotWidth}" y="${frame.top + plotHeight + 12}" text-anchor="end" class="tick">${high.toFixed(2)}</text>`,
    `<text x="${frame.left - 4}" y="${frame.top + 8}" text-anchor="end" class="tick">${tallest}</text>`,
    `<text x="${round(frame.left + plotWidth / 2)}" y="${frame.height - 3}" text-anchor="middle" class="axis">${escapeXml(options.unit)}</text>`,
  ]);
}

function svg(frame: Frame, extra: Record<string, string> | undefined, body: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${frame.width}" height="${frame.height}" viewBox="0 0 ${frame.width} ${frame.height}"${attributes(extra)}>${body.join('')}</svg>`;
}
