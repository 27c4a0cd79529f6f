// timeline.js - the two SVG charts: hits per year as bars (each bar a
// button filtering to its year), and a case's trail as dots on a time
// axis.  Drawn with DOM calls (no markup parsed); sized by a viewBox so
// that they shrink with the page.

import { svg } from './dom.js';
import { t } from './i18n.js';

const W = 600;
const H = 110;

// The bar chart of TIMELINE ({"2021": 3, ...}) in PARENT; ACTIVE is the
// set of years filtered to; ONPICK(year) is called by a click or by
// Enter or Space on a bar.
export function drawYears(parent, timeline, active, onPick) {
  parent.replaceChildren();
  const years = Object.keys(timeline || {}).filter((y) => /^\d{4}$/.test(y)).sort();
  if (years.length === 0) return;
  const max = Math.max(1, ...years.map((y) => Number(timeline[y]) || 0));
  // The chart's units are the container's pixels, so that its text keeps
  // its size in a narrow sidebar.
  const w = Math.max(200, Math.min(W, parent.clientWidth || 260));
  const top = 16;
  const bottom = 20;
  const slot = w / years.length;
  const barW = Math.max(2, Math.min(48, slot * 0.7));
  const every = Math.ceil((years.length * 34) / w);
  const chart = svg('svg', {
    viewBox: `0 0 ${w} ${H}`, class: 'years', role: 'group', 'aria-label': t('timeline'),
    preserveAspectRatio: 'xMidYMid meet',
  });
  chart.append(svg('line', { x1: 0, x2: w, y1: H - bottom + 0.5, y2: H - bottom + 0.5, class: 'axis' }));
  years.forEach((y, i) => {
    const n = Number(timeline[y]) || 0;
    const h = n ? Math.max(2, ((H - top - bottom) * n) / max) : 0;
    const x = i * slot + (slot - barW) / 2;
    const on = active.has(y);
    const g = svg('g', {
      class: on ? 'bar active' : 'bar', 'data-year': y, 'data-count': n, tabindex: 0, role: 'button',
      'aria-pressed': on ? 'true' : 'false',
      'aria-label': t(on ? 'timelineBarActive' : 'timelineBar', y, n),
    });
    // A transparent hit area the whole slot high, so that a year with
    // few hits is as easy to click as one with many.
    g.append(svg('rect', { x: i * slot, y: 0, width: slot, height: H, class: 'hit-area' }));
    g.append(svg('rect', { x, y: H - bottom - h, width: barW, height: h, class: 'fill' }));
    // The count and the year are drawn beside the button, hidden from
    // assistive technology, not inside it: its name is the aria-label,
    // and a visible text inside that the name does not start with
    // fails WCAG 2.5.3 (label in name).  CSS lets clicks through them.
    const labels = [];
    if (n) labels.push(svg('text', { x: x + barW / 2, y: H - bottom - h - 4, class: 'n', 'text-anchor': 'middle', 'aria-hidden': 'true' }, String(n)));
    if (i % every === 0) labels.push(svg('text', { x: x + barW / 2, y: H - 5, class: 'y', 'text-anchor': 'middle', 'aria-hidden': 'true' }, y));
    g.append(svg('title', null, t(on ? 'timelineBarActive' : 'timelineBar', y, n)));
    g.addEventListener('click', () => onPick(y));
    g.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        onPick(y);
      }
    });
    chart.append(g, ...labels);
  });
  parent.append(chart);
}

function dayNumber(date) {
  const m = /^(\d{4})-(\d\d)-(\d\d)/.exec(date || '');
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86400000 : null;
}

// The trail's ENTRIES ([{date, origin, label}]) as dots on a time axis,
// into the svg element CHART (svg#trail-timeline).
export function drawTrail(chart, entries) {
  chart.replaceChildren();
  const h = 70;
  const W = Math.max(240, Math.min(900, Math.round(chart.getBoundingClientRect().width) || 600));
  chart.setAttribute('viewBox', `0 0 ${W} ${h}`);
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', t('trailTimeline'));
  const days = entries.map((e) => dayNumber(e.date)).filter((d) => d !== null);
  if (days.length === 0) return;
  let lo = Math.min(...days);
  let hi = Math.max(...days);
  if (hi - lo < 365) {
    lo -= 180;
    hi += 180;
  }
  const pad = 24;
  const x = (d) => pad + ((d - lo) * (W - 2 * pad)) / (hi - lo);
  const axisY = 40;
  chart.append(svg('line', { x1: pad, x2: W - pad, y1: axisY, y2: axisY, class: 'axis' }));
  const y0 = new Date(lo * 86400000).getUTCFullYear() + 1;
  const y1 = new Date(hi * 86400000).getUTCFullYear();
  const step = Math.ceil((y1 - y0 + 1) / 8) || 1;
  for (let y = y0; y <= y1; y += step) {
    const d = Date.UTC(y, 0, 1) / 86400000;
    chart.append(svg('line', { x1: x(d), x2: x(d), y1: axisY - 4, y2: axisY + 4, class: 'tick' }));
    chart.append(svg('text', { x: x(d), y: axisY + 18, 'text-anchor': 'middle', class: 'y' }, String(y)));
  }
  let lastLabel = -Infinity;
  entries.forEach((e, i) => {
    const d = dayNumber(e.date);
    if (d === null) return;
    const c = svg('circle', { cx: x(d), cy: axisY, r: e.origin ? 7 : 5, class: e.origin ? 'dot origin' : 'dot' });
    c.append(svg('title', null, `${i + 1}. ${e.date} · ${e.label}`));
    chart.append(c);
    // Numbers as in the list below, where they do not run into each other.
    if (x(d) - lastLabel >= 16) {
      chart.append(svg('text', { x: x(d), y: axisY - 12, 'text-anchor': 'middle', class: 'n' }, String(i + 1)));
      lastLabel = x(d);
    }
  });
}
