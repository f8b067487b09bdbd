// 三率 and 办结率 per unit for a Beijing month, as ECharts bar charts and as tables, and the
// month's ranking per tier. Every number shown is the API's (/v1/metrics/*), only formatted here.
import { get } from './api.js';
import { currentMonth, el, fill, monthWindow, pct, table, TIER_LABELS } from './format.js';
import { unitName, units } from './units.js';

const RATES = [
  { key: 'response', name: '响应率' },
  { key: 'resolve', name: '解决率' },
  { key: 'satisfy', name: '满意率' },
];

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** A rate as the tooltip and tables say it: percentage with numerator and denominator. */
const rateText = (r) => `${pct(r.rate)}（${r.numerator}/${r.denominator}）`;
/** Bar height only; the tooltip and table print the API's own numbers. */
const barValue = (r) => (r.rate === null ? '-' : Math.round(r.rate * 1000) / 10);

const charts = {};
function chartIn(id) {
  const node = document.getElementById(id);
  charts[id] ??= window.echarts.init(node, null, { renderer: 'canvas' });
  return charts[id];
}

function barChart(id, title, labels, series, tooltipLines) {
  chartIn(id).setOption(
    {
      title: { text: title, left: 'center', top: 0, textStyle: { fontSize: 14 } },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        className: `${id}-tooltip`,
        formatter: (params) => {
          const index = params[0].dataIndex;
          return [`<strong>${escapeHtml(labels[index])}</strong>`, ...tooltipLines(index).map(escapeHtml)].join('<br>');
        },
      },
      legend: { top: 28 },
      grid: { top: 70, left: 50, right: 20, bottom: 50 },
      xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: series.map((s) => ({ type: 'bar', name: s.name, data: s.data, barMaxWidth: 36 })),
      aria: { enabled: true },
      animation: false,
    },
    { notMerge: true },
  );
}

async function load(month, tier) {
  const { from, to } = monthWindow(month);
  const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&groupBy=unit`;
  const [tree, three, closure, ranking] = await Promise.all([
    units(),
    get(`/v1/metrics/three-rates?${query}`),
    get(`/v1/metrics/closure-rate?${query}`),
    get(`/v1/metrics/rankings?month=${month}`),
  ]);
  const tierOf = (code) => tree.get(code)?.tier ?? 'UNKNOWN';
  const shown = three.groups.filter((g) => !tier || tierOf(g.key) === tier);
  const labels = shown.map((g) => (g.key === '(unassigned)' ? '未派单' : unitName(tree, g.key)));
  barChart(
    'rates-chart',
    `${month} 三率（按单位）`,
    labels,
    RATES.map((r) => ({ name: r.name, data: shown.map((g) => barValue(g[r.key])) })),
    (i) => [...RATES.map((r) => `${r.name} ${rateText(shown[i][r.key])}`), `综合得分 ${shown[i].score ?? '无数据'}`],
  );
  const closureShown = closure.groups.filter((g) => !tier || tierOf(g.key) === tier);
  const closureLabels = closureShown.map((g) => (g.key === '(unassigned)' ? '未派单' : unitName(tree, g.key)));
  barChart('closure-chart', `${month} 办结率（按单位）`, closureLabels, [{ name: '办结率', data: closureShown.map(barValue) }], (i) => [
    `办结率 ${rateText(closureShown[i])}`,
  ]);
  const closureBy = new Map(closure.groups.map((g) => [g.key, g]));
  fill(
    document.getElementById('rates-table'),
    [
      table(
        ['单位', '层级', '工单数', ...RATES.map((r) => `${r.name}（分子/分母）`), '综合得分', '办结率（分子/分母）'],
        shown.map((g, i) => [
          labels[i],
          TIER_LABELS[tierOf(g.key)],
          g.requests,
          ...RATES.map((r) => rateText(g[r.key])),
          g.score ?? '无数据',
          closureBy.has(g.key) ? rateText(closureBy.get(g.key)) : '—',
        ]),
        `${month} 各单位三率与办结率`,
      ),
    ],
    '该月没有受理的工单。',
  );
  fill(
    document.getElementById('rankings'),
    ranking.groups
      .filter((g) => !tier || g.tier === tier)
      .map((g) =>
        table(
          ['名次', '单位', '综合得分', '工单数'],
          g.ranking.map((r) => [r.rank, r.name, r.score ?? '无数据', r.requests]),
          `${TIER_LABELS[g.tier] ?? g.tier}排名`,
        ),
      ),
    '该月没有排名。',
  );
}

export async function loadRates() {
  const form = document.getElementById('rates-form');
  const monthInput = document.getElementById('rates-month');
  const tierSelect = document.getElementById('rates-tier');
  if (!form.dataset.ready) {
    form.dataset.ready = '1';
    monthInput.value = currentMonth();
    for (const [code, label] of Object.entries(TIER_LABELS)) if (code !== 'UNKNOWN') tierSelect.append(el('option', { value: code }, label));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      load(monthInput.value, tierSelect.value).catch((err) => fill(document.getElementById('rates-table'), [el('p', { class: 'problem', role: 'alert' }, err.message)]));
    });
    window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
  }
  await load(monthInput.value, tierSelect.value);
}
