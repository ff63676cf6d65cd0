// Analytics as charts (uPlot, served from its webjar by the stack, drawn on canvas): MTTR p50/p95 and outcomes per
// day, outcomes per service, diagnoses by source (the runbook's are model calls saved), remedies against each
// target's budget. uPlot styles its elements through the CSSOM only, which the console's CSP allows.
import uPlot from './uplot.js';
import { ApiError, getStats } from './api.js';
import { h, fill } from './dom.js';

const OUTCOMES = [
  ['autoFixed', 'auto-fixed', '#1d7a3e'],
  ['approved', 'approved', '#2454c5'],
  ['escalated', 'escalated', '#b3261e'],
  ['other', 'other', '#8a94a6'],
];
const SOURCES = [['RUNBOOK', 'runbook', '#1d7a3e'], ['LLM', 'model', '#2454c5'], ['RULES', 'rules', '#9a6700']];
const HEIGHT = 220;
const state = { days: 14 };
const HALF_DAY = 43200;
// days on the x axis, half a day of room either side so the first and last days' bars are whole
const dayScale = { time: true, range: (u, min, max) => [min - HALF_DAY, max + HALF_DAY] };

function chartWidth(holder) {
  return Math.max(260, Math.min(holder.clientWidth || 600, 900));
}

const bars = uPlot.paths.bars({ size: [0.6, 48] });

/**
 * Stacked bars: each series is drawn over the sum of those below it (uPlot draws series in order, so the tallest
 * stack goes first); the legend shows each series' own count.
 */
function stacked(counts) {
  const totals = counts.map((series, s) => series.map((_, i) => counts.slice(s).reduce((sum, c) => sum + c[i], 0)));
  return totals;
}

function categoryAxis(names) {
  return {
    splits: () => names.map((_, i) => i),
    values: (u, splits) => splits.map((i) => names[i] ?? ''),
    gap: 4,
    size: 40,
  };
}

function draw(holder, options, data) {
  const chart = new uPlot({ width: chartWidth(holder), height: HEIGHT, ...options }, data, holder);
  return chart;
}

/** Outcome counts per x (days or services) as stacked bars, the named outcomes bottom-up. */
function outcomeSeries(counts) {
  const totals = stacked(counts);
  const series = OUTCOMES.map(([, label, color], s) => ({
    label, stroke: color, fill: color, width: 0, paths: bars, points: { show: false },
    value: (u, v, si, i) => (i === null || i === undefined ? '—' : String(counts[s][i])),
  }));
  return { series, totals };
}

export function analyticsPage(main, onUnauthorized) {
  const status = h('p', { id: 'analytics-status', class: 'muted', role: 'status' });
  const summary = h('p', { id: 'analytics-summary' });
  const holders = {
    mttr: h('div', { id: 'chart-mttr', class: 'chart' }),
    outcomes: h('div', { id: 'chart-outcomes', class: 'chart' }),
    services: h('div', { id: 'chart-services', class: 'chart' }),
    sources: h('div', { id: 'chart-sources', class: 'chart' }),
    budgets: h('div', { id: 'chart-budgets', class: 'chart' }),
  };
  const days = h('select', { id: 'analytics-days', onchange: (event) => { state.days = Number(event.target.value); load(); } },
    [7, 14, 30, 90].map((n) => h('option', { value: n, selected: state.days === n }, `${n} days`)));
  let charts = [];
  let stopped = false;
  const card = (title, holder) => h('section', { class: 'card' }, h('h2', {}, title), holder);

  fill(main,
    h('section', { class: 'card' },
      h('div', { class: 'incident-head' }, h('h1', {}, 'Analytics'), h('label', {}, 'Period ', days)),
      summary, status),
    h('div', { class: 'grid charts' },
      card('MTTR per day (seconds)', holders.mttr),
      card('Outcomes per day', holders.outcomes),
      card('Outcomes per service', holders.services),
      card('Diagnoses by source', holders.sources),
      card('Remedies against each target\'s budget (now)', holders.budgets)));

  function render(stats) {
    charts.forEach((chart) => chart.destroy());
    charts = [];
    const x = stats.perDay.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000);
    const seconds = (ms) => (ms === null || ms === undefined ? null : ms / 1000);
    charts.push(draw(holders.mttr, {
      scales: { x: dayScale },
      series: [{}, { label: 'p50', stroke: '#2454c5', width: 2, points: { show: true } },
        { label: 'p95', stroke: '#b3261e', width: 2, dash: [6, 4], points: { show: true } }],
      axes: [{}, { size: 48 }],
    }, [x, stats.perDay.map((d) => seconds(d.mttrP50Ms)), stats.perDay.map((d) => seconds(d.mttrP95Ms))]));

    const perDay = OUTCOMES.map(([key]) => stats.perDay.map((d) => d.outcomes[key]));
    const byDay = outcomeSeries(perDay);
    charts.push(draw(holders.outcomes, { scales: { x: dayScale }, series: [{}, ...byDay.series], axes: [{}, { size: 40 }] },
      [x, ...byDay.totals]));

    const services = stats.services.map((s) => s.service);
    const perService = OUTCOMES.map(([key]) => stats.services.map((s) => s.outcomes[key]));
    const byService = outcomeSeries(perService);
    const serviceX = services.map((_, i) => i);
    charts.push(draw(holders.services, {
      scales: { x: { time: false, range: [-0.5, Math.max(services.length, 1) - 0.5] } },
      series: [{ label: 'service', value: (u, i) => services[i] ?? '—' }, ...byService.series],
      axes: [categoryAxis(services), { size: 40 }],
    }, [serviceX, ...byService.totals]));

    charts.push(draw(holders.sources, {
      scales: { x: { time: false, range: [-0.5, SOURCES.length - 0.5] } },
      series: [{ label: 'source', value: (u, i) => SOURCES[i]?.[1] ?? '—' },
        { label: 'diagnoses', stroke: '#2454c5', fill: '#2454c5', width: 0, paths: bars, points: { show: false } }],
      axes: [categoryAxis(SOURCES.map(([, label]) => label)), { size: 40 }],
    }, [SOURCES.map((_, i) => i), SOURCES.map(([key]) => stats.diagnoses[key] ?? 0)]));

    const targets = stats.budgets.map((b) => b.service);
    charts.push(draw(holders.budgets, {
      scales: { x: { time: false, range: [-0.5, Math.max(targets.length, 1) - 0.5] } },
      series: [{ label: 'target', value: (u, i) => targets[i] ?? '—' },
        { label: 'budget', stroke: '#c5cbd4', fill: '#e6e9ee', width: 0, paths: bars, points: { show: false } },
        { label: 'used', stroke: '#9a6700', fill: '#9a6700', width: 0, paths: bars, points: { show: false } }],
      axes: [categoryAxis(targets), { size: 40 }],
    }, [targets.map((_, i) => i), stats.budgets.map((b) => b.max), stats.budgets.map((b) => b.used)]));

    const windows = stats.budgets.map((b) => `${b.service} ${b.used}/${b.max} in ${b.windowMinutes} min`).join(' · ');
    summary.textContent = `${stats.incidents} incidents opened in ${stats.days} days`
      + `${stats.truncated ? ' (the newest only: the listing stopped at its bound)' : ''}. `
      + `Model calls saved by the runbook: ${stats.modelCallsSaved}. Budgets: ${windows || 'no targets'}.`;
  }

  async function load() {
    status.textContent = 'Loading…';
    try {
      const stats = await getStats(state.days);
      if (stopped) return;
      render(stats);
      status.textContent = `${new Date(stats.from).toISOString().slice(0, 10)} to ${new Date(stats.to).toISOString().slice(0, 10)} (UTC)`
        + ` · updated ${new Date().toLocaleTimeString()}`;
    } catch (failed) {
      if (failed instanceof ApiError && failed.status === 401) {
        onUnauthorized();
        return;
      }
      if (!stopped) status.textContent = `Could not load the analytics: ${failed.message}`;
    }
  }

  const resize = () => charts.forEach((chart) => chart.setSize({ width: chartWidth(chart.root.parentElement), height: HEIGHT }));
  window.addEventListener('resize', resize);
  load();
  return () => { stopped = true; window.removeEventListener('resize', resize); charts.forEach((chart) => chart.destroy()); };
}
