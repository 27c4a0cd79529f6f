// item.js - reading in context: the agenda item of a passage, every
// passage in order, the opened one marked and scrolled to, the query's
// words highlighted with next/previous match, links to the meeting's
// previous and next item and to the original file at the passage's page.

import { getJSON } from './api.js';
import { el, segments, appendSegments } from './dom.js';
import { t, label } from './i18n.js';
import { itemURL, caseURL } from './state.js';
import { sourceHref } from './search.js';

const $ = (id) => document.getElementById(id);

// The highlights of query Q in the passages of the meeting on DATE: the
// search API is asked for Q within that meeting, and the hits' byte
// ranges kept by passage id.  A query that fails gives no highlights.
async function highlightsFor(q, date, ctx) {
  const map = new Map();
  if (!q || !/^\d{4}-\d\d-\d\d$/.test(date || '')) return map;
  const qq = /\bOR\b/.test(q) ? `(${q})` : q;
  const p = new URLSearchParams({ q: `${qq} date:${date}`, limit: '100' });
  try {
    const d = await getJSON('/api/search?' + p, { signal: ctx.signal });
    for (const h of d.hits || []) if (h && h.id && Array.isArray(h.highlights)) map.set(h.id, h.highlights);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
  }
  return map;
}

function pageOf(h) {
  const n = Number(h.passage_page || h.page);
  return Number.isInteger(n) && n > 0 ? n : null;
}

// A link to the meeting's neighbouring item ID (absent at the ends).
function itemLink(box, id, key, ctx) {
  if (typeof id === 'string' && id) box.append(el('a', { id: key === 'prevItem' ? 'item-prev' : 'item-next', href: itemURL(id, ctx.st.q, ctx.st.lang) }, t(key)));
}

export async function renderItem(ctx) {
  const { st } = ctx;
  const view = $('item-view');
  $('q').value = st.q || '';
  $('item-title').textContent = '';
  $('item-meta').replaceChildren();
  $('item-nav').replaceChildren();
  $('passages').replaceChildren();
  $('match-count').textContent = '';
  $('back').href = ctx.backHref();
  if (!st.id) return;
  ctx.status('loading', t('loading'));
  let d;
  let marks;
  try {
    d = await ctx.load(`/api/item/${encodeURIComponent(st.id)}`);
    const first = (d.hits || [])[0];
    marks = await highlightsFor(st.q, first && first.date, ctx);
  } catch (e) {
    if (e.name === 'AbortError') return;
    ctx.fail(e, st.id);
    return;
  }
  const hits = (Array.isArray(d.hits) ? d.hits : []).filter((h) => h && typeof h.id === 'string');
  if (hits.length === 0) {
    ctx.fail({ kind: 'notfound', message: st.id }, st.id);
    return;
  }
  const cur = hits.find((h) => h.id === st.id) || hits[0];
  const title = (typeof d.item_title === 'string' && d.item_title) || cur.title || t('untitled');
  $('item-title').textContent = title;
  document.title = `${title} – referat`;
  const meta = $('item-meta');
  const field = (k, ...v) => meta.append(el('div', null, el('dt', null, k), el('dd', null, ...v)));
  field(t('meeting'), el('time', { datetime: cur.date || null }, cur.date || '—'), ' · ', cur.body || cur.body_text || '');
  if (cur.case) field(t('facet_case'), el('a', { class: 'item-case', href: caseURL(cur.case, st.lang) }, t('caseTrailOf', cur.case)));
  const file = typeof cur.path === 'string' ? cur.path.split('/').pop() : '';
  const page = pageOf(cur);
  const nav = $('item-nav');
  itemLink(nav, d.prev_item, 'prevItem', ctx);
  nav.append(el('a', { id: 'source-link', href: sourceHref(cur.id, page) }, page ? t('sourcePage', page) : t('source'), file ? el('span', 'file', ` (${file})`) : ''));
  itemLink(nav, d.next_item, 'nextItem', ctx);

  const list = $('passages');
  for (const h of hits) {
    const li = el('li', { class: h.id === cur.id ? 'passage current' : 'passage', 'data-id': h.id, id: `p-${h.id}` });
    const head = el('div', 'passage-head');
    const sec = h.passage_section || h.section;
    if (sec) head.append(el('span', 'passage-section', label('section', sec)));
    const p = pageOf(h);
    if (p) head.append(el('a', { class: 'passage-page', href: sourceHref(h.id, p) }, t('page', p)));
    if (head.childNodes.length) li.append(head);
    li.append(appendSegments(el('div', 'passage-text'), segments(h.text || h.snippet || '', marks.get(h.id))));
    list.append(li);
  }
  setupMatches(list, cur.id);
  ctx.status('', '');
  view.dataset.loaded = st.id;
  const current = list.querySelector('li.current');
  if (current) current.scrollIntoView({ block: 'center' });
  $('item-title').focus({ preventScroll: true });
}

// Next/previous match over every <mark> of the item, starting at the
// first one in the opened passage.
function setupMatches(list, curId) {
  const marks = [...list.querySelectorAll('mark')];
  const prev = $('match-prev');
  const next = $('match-next');
  const count = $('match-count');
  let i = marks.findIndex((m) => m.closest('li').dataset.id === curId);
  const at = (k) => {
    marks.forEach((m) => m.classList.remove('active'));
    if (k < 0 || k >= marks.length) return;
    i = k;
    marks[i].classList.add('active');
    count.textContent = t('matchCount', i + 1, marks.length);
  };
  prev.disabled = next.disabled = marks.length === 0;
  count.textContent = marks.length ? '' : t('noMatchesInItem');
  if (marks.length && i >= 0) at(i);
  prev.onclick = () => {
    at(i <= 0 ? marks.length - 1 : i - 1);
    marks[i].scrollIntoView({ block: 'center' });
  };
  next.onclick = () => {
    at(i < 0 || i >= marks.length - 1 ? 0 : i + 1);
    marks[i].scrollIntoView({ block: 'center' });
  };
}
