/**
 * Numbers side by side as horizontal bars: test-set negative log-likelihoods of our models next
 * to published figures (e.g. −log p(x) in nats on binarized MNIST), grouped by model and
 * coloured by source.
 *
 * @example
 *   barCompare({
 *     labels: ['VAE', 'VAE', 'PixelCNN', 'PixelCNN'], groups: ['ours', 'published', 'ours', 'published'],
 *     values: [92.1, 86.8, 84.3, 81.3], valueTitle: '−log p(x) (nats, lower is better)',
 *   });
 */
import { checkFinite, checkNonEmpty, checkSameLength } from './check';
import { Chart } from './chart';
import { frame, type ChartFrame } from './theme';

export interface BarCompareOptions extends Partial<Omit<ChartFrame, 'height'>> {
  /** Bar labels (model names); repeated labels are grouped. [n] */
  labels: ArrayLike<string>;
  /** Bar lengths. [n] */
  values: ArrayLike<number>;
  /** Source of each value ('ours', 'published', 'Kingma & Welling 2014'…): colour within a group. [n]. Default: one colour. */
  groups?: ArrayLike<string>;
  /** Value axis title, with units. Default 'value'. */
  valueTitle?: string;
}

export function barCompare(options: BarCompareOptions): Chart {
  const { labels, values, groups, valueTitle = 'value', title = 'Comparison', subtitle, width = 420 } = options;
  checkNonEmpty('barCompare', 'values', values);
  checkSameLength('barCompare', ['values', values], ['labels', labels]);
  if (groups) checkSameLength('barCompare', ['values', values], ['groups', groups]);
  checkFinite('barCompare', 'values', values);
  const rows = Array.from(values, (value, i) => ({ label: labels[i], value, ...(groups && { group: groups[i] }) }));
  const order = [...new Set(rows.map((r) => r.label))];
  const bar = groups ? 14 : 20;
  const perLabel = groups ? new Set(Array.from(groups)).size : 1;
  const encoding = {
    y: { field: 'label', type: 'nominal', title: null, sort: order },
    x: { field: 'value', type: 'quantitative', title: valueTitle },
    ...(groups && {
      yOffset: { field: 'group', type: 'nominal' },
      color: { field: 'group', type: 'nominal', title: 'source' },
    }),
    tooltip: [
      { field: 'label', title: 'model' },
      ...(groups ? [{ field: 'group', title: 'source' }] : []),
      { field: 'value', format: '.4g' },
    ],
  };
  return new Chart({
    ...frame({ title, subtitle, width }),
    height: { step: bar * perLabel + 8 }, // px per model row
    data: { values: rows },
    encoding,
    layer: [
      { mark: { type: 'bar', height: { band: 0.9 } } },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 },
        encoding: { text: { field: 'value', type: 'quantitative', format: '.4~g' }, color: { value: '#333' } },
      },
    ],
  });
}
