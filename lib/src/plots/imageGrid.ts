/**
 * Many small grayscale images as one chart: each image becomes a PNG `data:` URL drawn by a
 * Vega-Lite `image` mark, so a grid of samples is a single output that survives in the saved
 * notebook (a 64-digit grid is ~70 KB, spec and SVG fallback together).
 *
 * Two layouts:
 *   - `images`: a flat list, wrapped after `columns` images (samples);
 *   - `rows`: labelled rows of equal length, e.g. original above reconstruction, or
 *     clean / corrupted / denoised.
 *
 * @example
 *   imageGrid({ images: samples, columns: 8, title: 'VAE samples' });
 *   imageGrid({ rows: [{ label: 'original', images: x }, { label: 'reconstruction', images: xHat }] });
 */
import { checkNonEmpty, checkSameLength, PlotInputError, squareSide } from './check';
import { Chart } from './chart';
import { pngDataURL } from './png';
import { frame, type ChartFrame } from './theme';

export interface ImageRow {
  /** Row label, drawn on the left ('original', 'reconstruction'…). */
  label: string;
  /** Square grayscale images, flat row-major (length side²). */
  images: ArrayLike<number>[];
}

export interface ImageGridOptions extends Partial<Omit<ChartFrame, 'width' | 'height'>> {
  /** Images, flat row-major square grayscale (e.g. 784 = 28×28). Give this or `rows`. */
  images?: ArrayLike<number>[];
  /** Labelled rows of equal length. Give this or `images`. */
  rows?: ImageRow[];
  /** Images per row for `images`. Default: ⌈√n⌉, at most 16. */
  columns?: number;
  /** One caption under each image, in reading order. Default: none. */
  captions?: ArrayLike<string | number>;
  /** Displayed size of each image in px. Default: 2 × image side, at most 64. */
  cellSize?: number;
  /** Pixel value range shown black…white. Default [0, 1]. */
  range?: [number, number];
}

const GAP = 3;
const CAPTION = 16;
const LABEL_GUTTER = 110;

type Layout = { grid: ArrayLike<number>[][]; labels: string[] | null };

function layout({ images, rows, columns }: ImageGridOptions): Layout {
  if ((images === undefined) === (rows === undefined)) {
    throw new PlotInputError('imageGrid: pass exactly one of `images` (a flat list) or `rows` (labelled rows).');
  }
  if (rows) {
    checkNonEmpty('imageGrid', 'rows', rows);
    rows.forEach((r, k) =>
      checkSameLength('imageGrid', ['rows[0].images', rows[0].images], [`rows[${k}].images`, r.images]),
    );
    return { grid: rows.map((r) => Array.from(r.images)), labels: rows.map((r) => r.label) };
  }
  const list = images as ArrayLike<number>[];
  checkNonEmpty('imageGrid', 'images', list);
  const cols = columns ?? Math.min(16, Math.ceil(Math.sqrt(list.length)));
  if (!Number.isInteger(cols) || cols < 1)
    throw new PlotInputError(`imageGrid: columns = ${cols}; expected a positive integer.`);
  const grid = Array.from({ length: Math.ceil(list.length / cols) }, (_, r) =>
    Array.from(list).slice(r * cols, (r + 1) * cols),
  );
  return { grid, labels: null };
}

/** Pixel geometry: image size, left gutter for row labels, vertical pitch (image + gap + caption). */
type Geometry = { cell: number; left: number; pitchY: number };
const pixel = (field: string) => ({ field, type: 'quantitative', scale: null }); // data are pixel positions

function layers({ cell, left, pitchY }: Geometry, captions: boolean, labels: string[] | null): unknown[] {
  const layer: unknown[] = [
    {
      mark: { type: 'image', width: cell, height: cell, aria: false }, // aria labels would repeat each data URL
      encoding: {
        x: pixel('x'),
        y: pixel('y'),
        url: { field: 'url', type: 'nominal' },
        tooltip: { field: 'i', type: 'quantitative', title: 'index' },
      },
    },
  ];
  if (captions) {
    layer.push({
      transform: [{ calculate: `datum.y + ${cell / 2 + 3}`, as: 'yc' }],
      mark: { type: 'text', baseline: 'top', fontSize: 11, color: '#333', aria: false },
      encoding: { x: pixel('x'), y: pixel('yc'), text: { field: 'caption' } },
    });
  }
  if (labels) {
    layer.push({
      data: { values: labels.map((label, r) => ({ label, x: left - 8, y: r * pitchY + cell / 2 })) },
      mark: { type: 'text', align: 'right', baseline: 'middle', fontSize: 13, color: '#222' },
      encoding: { x: pixel('x'), y: pixel('y'), text: { field: 'label' } },
    });
  }
  return layer;
}

export function imageGrid(options: ImageGridOptions): Chart {
  const { captions, range, title = 'Images', subtitle } = options;
  const { grid, labels } = layout(options);
  const all = grid.flat();
  const side = squareSide('imageGrid', 'images', all);
  if (captions) checkSameLength('imageGrid', ['images', all], ['captions', captions]);
  const cell = options.cellSize ?? Math.min(64, 2 * side);
  const scale = Math.max(1, Math.min(2, Math.round(cell / side))); // encode at display size: crisp pixels
  const g: Geometry = { cell, left: labels ? LABEL_GUTTER : 0, pitchY: cell + GAP + (captions ? CAPTION : 0) };
  const columns = Math.max(...grid.map((row) => row.length));
  const values = grid.flatMap((row, r) =>
    row.map((img, c) => {
      const i = r * grid[0].length + c; // reading order, which captions follow (only the last row may be short)
      return {
        i,
        x: g.left + c * (cell + GAP) + cell / 2,
        y: r * g.pitchY + cell / 2,
        url: pngDataURL(img, { range, scale }),
        ...(captions && { caption: String(captions[i]) }),
      };
    }),
  );
  return new Chart({
    ...frame({ title, subtitle, width: g.left + columns * (cell + GAP) - GAP, height: grid.length * g.pitchY - GAP }),
    view: { stroke: null },
    data: { values },
    layer: layers(g, captions !== undefined, labels),
  });
}
