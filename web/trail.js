// trail.js - a case's precedent trail (/api/case/NN/YYYY): the item
// itself first, then every later meeting that cites it, in date order,
// on a timeline and as a list each opening its item in context.

import { casePath } from './api.js';
import { el, appendSegments } from './dom.js';
import { drawTrail } from './timeline.js';
import { t, label } from './i18n.js';
import { itemURL } from './state.js';

const $ = (id) => document.getElementById(id);

// The trail's hits grouped by meeting and item: [{date, origin, hits}],
// the case's own item first, then the other meetings in date order.
function entries(hits, caseNo) {
  const groups = [];
  const byKey = new Map();
  for (const h of hits) {
    const key = `${h.path}\u0000${h.case || ''}\u0000${h.title || ''}`;
    let g = byKey.get(key);
    if (!g) {
      g = { date: h.date || '', origin: false, hits: [] };
      byKey.set(key, g);
      groups.push(g);
    }
    g.hits.push(h);
  }
  const own = groups.find((g) => g.hits.some((h) => h.case && h.case === caseNo)) || groups[0];
  if (own) own.origin = true;
  // The item's own meeting names it too (its agenda, its other items):
  // those are not later meetings citing it.
  const ownPath = own ? own.hits[0].path : null;
  const rest = groups.filter((g) => g !== own && g.hits[0].path !== ownPath).sort((a, b) => a.date.localeCompare(b.date));
  return own ? [own, ...rest] : rest;
}

// TEXT cut where it names case NO ("22/2023" in "sak 22/2023"), the
// mentions marked: the words that tie a citing passage to the case.
function mentions(text, no) {
  const num = String(no).replace(/^.*?(\d+\/\d{4})$/, '$1');
  const out = [];
  let pos = 0;
  for (;;) {
    const i = text.indexOf(num, pos);
    if (i < 0 || !num) break;
    out.push({ text: text.slice(pos, i), mark: false }, { text: num, mark: true });
    pos = i + num.length;
  }
  out.push({ text: text.slice(pos), mark: false });
  return out;
}

// A short piece of a citing passage around its first mention of the case.
function excerpt(text, no) {
  const flat = (text || '').replace(/\s+/g, ' ').trim();
  const num = String(no).replace(/^.*?(\d+\/\d{4})$/, '$1');
  const i = num ? flat.indexOf(num) : -1;
  let a = Math.max(0, i - 100);
  if (a > 0) a = flat.indexOf(' ', a) + 1;
  let b = Math.min(flat.length, (i < 0 ? 0 : i) + 200);
  if (b < flat.length) b = Math.max(flat.lastIndexOf(' ', b), a + 1);
  return (a > 0 ? '… ' : '') + flat.slice(a, b) + (b < flat.length ? ' …' : '');
}

export async function renderTrail(ctx) {
  const { st } = ctx;
  $('trail-title').textContent = st.caseNo ? t('caseTrailOf', st.caseNo) : '';
  $('trail').replaceChildren();
  $('trail-timeline').replaceChildren();
  $('trail-count').textContent = '';
  $('trail-back').href = ctx.backHref();
  if (!st.caseNo) return;
  ctx.status('loading', t('loading'));
  let d;
  try {
    d = await ctx.load(`/api/case/${casePath(st.caseNo)}`);
  } catch (e) {
    if (e.name === 'AbortError') return;
    ctx.fail(e, st.caseNo);
    return;
  }
  const hits = (Array.isArray(d.hits) ? d.hits : []).filter((h) => h && typeof h.id === 'string');
  const list = entries(hits, st.caseNo);
  document.title = `${t('caseTrailOf', st.caseNo)} – referat`;
  $('trail-count').textContent = t('trailEntries', list.length);
  drawTrail($('trail-timeline'), list.map((g) => ({ date: g.date, origin: g.origin, label: g.hits[0].title || g.hits[0].body || '' })));
  const ol = $('trail');
  list.forEach((g) => {
    const h = g.hits[0];
    const li = el('li', { class: g.origin ? 'trail-entry origin' : 'trail-entry', 'data-date': g.date });
    li.append(el('div', 'trail-meta',
      el('span', 'trail-kind', g.origin ? t('trailOrigin') : t('trailCites')),
      el('time', { class: 'trail-date', datetime: g.date || null }, g.date || '—'),
      el('span', 'trail-body', h.body || h.body_text || ''),
      h.case ? el('span', 'trail-case', t('caseLabel', h.case)) : ''));
    li.append(el('h3', 'trail-title', el('a', { class: 'trail-open', href: itemURL(h.id, '', st.lang) }, h.title || t('untitled'))));
    const cite = g.origin ? h : g.hits.find((x) => (x.text || '').includes(String(st.caseNo).replace(/^.*?(\d+\/\d{4})$/, '$1'))) || h;
    const sec = cite.passage_section || cite.section;
    const p = el('p', 'trail-text');
    if (sec) p.append(el('span', 'trail-section', label('section', sec)), ' ');
    appendSegments(p, mentions(excerpt(cite.text || cite.snippet || '', st.caseNo), st.caseNo));
    li.append(p);
    ol.append(li);
  });
  ctx.status('', '');
  $('trail-title').focus({ preventScroll: true });
}
