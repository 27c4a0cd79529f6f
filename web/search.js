// search.js - the search view: the hits of /api/search with their
// meeting fields and highlighted snippets, the count and the pager, the
// facets and the timeline that filter, sorting, one hit per meeting,
// "decisions only", the CSV export link.

import { getJSON } from './api.js';
import { el, segments, snippet, appendSegments, show } from './dom.js';
import { drawYears } from './timeline.js';
import { t, label } from './i18n.js';
import { PAGE_SIZE, fullQuery, toURL, withState, itemURL, caseURL, validFilter } from './state.js';

const $ = (id) => document.getElementById(id);
const FACETS = ['year', 'body', 'section', 'lang'];
export const DECISIONS = 'section:vedtak';
// Values shown per facet before "more".
const FACET_SHOWN = 8;

// The case number the API says the whole query is (case_query), or,
// from a server without that field, the one its canonical query names
// ("sak 22/2023" is searched as "case:22/2023").
function caseQuery(d) {
  if (typeof d.case_query === 'string' && d.case_query) return d.case_query;
  if ('case_query' in d) return null;
  const m = /^case:(\S+)$/.exec(d.query || '');
  return m ? m[1] : null;
}

function searchPath(st) {
  const p = new URLSearchParams({
    q: fullQuery(st), limit: String(PAGE_SIZE), offset: String((st.page - 1) * PAGE_SIZE),
    facets: FACETS.join(','), timeline: '1',
  });
  if (st.sort !== 'relevance') p.set('sort', st.sort);
  if (st.docs) p.set('docs', '1');
  return '/api/search?' + p;
}

export function exportHref(st) {
  const p = new URLSearchParams({ q: fullQuery(st) });
  if (st.sort !== 'relevance') p.set('sort', st.sort);
  if (st.docs) p.set('docs', '1');
  return '/api/export.csv?' + p;
}

// The controls that mirror the state: box, sort, docs, decisions, export.
function syncControls(st) {
  $('q').value = st.q;
  $('sort').value = st.sort;
  $('docs').checked = st.docs;
  $('decisions').setAttribute('aria-pressed', st.f.includes(DECISIONS) ? 'true' : 'false');
  const has = Boolean(fullQuery(st));
  const ex = $('export');
  if (has) {
    ex.href = exportHref(st);
    ex.removeAttribute('aria-disabled');
  } else {
    ex.removeAttribute('href');
    ex.setAttribute('aria-disabled', 'true');
  }
}

function clearResults() {
  $('hits').replaceChildren();
  $('count').textContent = '';
  $('pager').replaceChildren();
  $('facets').replaceChildren();
  $('timeline').replaceChildren();
  $('case-offer').replaceChildren();
  show($('results-tools'), false);
  show($('side'), false);
}

// What the index holds (/api/health), under the welcome: a reader sees
// what the search covers before the first query.
async function showIndexInfo(ctx) {
  const box = $('index-info');
  try {
    const h = await getJSON('/api/health', { signal: ctx.signal });
    box.textContent = t('indexInfo', Number(h.passages) || 0, Number(h.files) || 0,
      typeof h.last_run === 'string' ? h.last_run.slice(0, 10) : '—');
  } catch (e) {
    if (e.name === 'AbortError') return;
    ctx.fail(e);
  }
}

export async function renderSearch(ctx) {
  const { st } = ctx;
  syncControls(st);
  renderActiveFilters(ctx);
  $('query-error').textContent = '';
  show($('query-error'), false);
  $('q').removeAttribute('aria-invalid');
  if (!fullQuery(st)) {
    clearResults();
    ctx.status('', t('welcome'));
    await showIndexInfo(ctx);
    return;
  }
  ctx.status('loading', t('loading'));
  let d;
  try {
    d = await ctx.load(searchPath(st));
  } catch (e) {
    if (e.name === 'AbortError') return;
    clearResults();
    if (e.kind === 'bad') {
      $('query-error').textContent = e.message;
      show($('query-error'), true);
      $('q').setAttribute('aria-invalid', 'true');
      ctx.status('', '');
      return;
    }
    ctx.fail(e);
    return;
  }
  $('index-info').textContent = '';
  document.title = `${fullQuery(st)} – referat`;
  const hits = Array.isArray(d.hits) ? d.hits : [];
  const total = Number(d.total) || 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  show($('results-tools'), true);
  const unit = d.unit === 'meetings' ? (total === 1 ? 'countOneMeeting' : 'countMeetings') : total === 1 ? 'countOne' : 'countPassages';
  // A total past the server's exact count is its estimate (exact: false).
  const shown = d.exact === false ? t('about', String(total)) : String(total);
  $('count').replaceChildren(el('strong', null, t(unit, shown)), total > PAGE_SIZE ? ` · ${t('pageOf', st.page, pages)}` : '');
  renderHits(ctx, hits);
  renderPager(ctx, pages);
  show($('side'), total > 0);
  renderFacets(ctx, d.facets || {});
  drawYears($('timeline'), d.timeline, new Set(st.f.filter((f) => f.startsWith('year:')).map((f) => f.slice(5))),
    (y) => ctx.go(toggleFilter(st, `year:${y}`)));
  // A case number typed as the whole query opens its trail ("sak
  // 22/2023" is a request for the case); followed from a link, reloaded
  // or reached by back, the search shows its hits with the trail offered.
  const caseNo = caseQuery(d);
  if (caseNo && ctx.typed && total > 0) {
    ctx.replace(caseURL(caseNo, st.lang));
    return;
  }
  renderCaseOffer(ctx, caseNo);
  if (total === 0) {
    const unmatched = Array.isArray(d.unmatched) ? d.unmatched.filter((w) => typeof w === 'string') : [];
    const parts = [];
    if (unmatched.length) {
      parts.push(t('noHitsUnmatched'), ' ');
      unmatched.forEach((w, i) => parts.push(i ? ', ' : '', el('code', 'unmatched', w)));
    } else {
      parts.push(t('noHits'));
    }
    const near = Array.isArray(d.suggestions)
      ? d.suggestions.filter((x) => x && typeof x.word === 'string' && typeof x.suggestion === 'string') : [];
    if (near.length) {
      // Each one a link to the query with the word replaced.
      parts.push(' ', t('didYouMean'), ' ');
      near.forEach((x, i) => parts.push(i ? ', ' : '', el('a', {
        class: 'suggestion', href: toURL(withState(st, { q: st.q.split(x.word).join(x.suggestion) })),
      }, x.suggestion)));
      parts.push('?');
    }
    if (hits.length) parts.push(' ', t('noHitsPartial'));
    ctx.status('nohits', ...parts);
  } else if (st.page > pages) {
    ctx.status('error', t('pageBeyond', st.page, pages));
  } else {
    ctx.status('', '');
  }
}

// State ST with filter F added, or removed when it is there.
export function toggleFilter(st, f) {
  const has = st.f.includes(f);
  return withState(st, { f: has ? st.f.filter((x) => x !== f) : [...st.f, f] });
}

function renderCaseOffer(ctx, no) {
  const box = $('case-offer');
  box.replaceChildren();
  if (!no) return;
  box.append(el('a', { id: 'case-trail-link', class: 'case-offer', href: caseURL(no, ctx.st.lang) }, t('caseOffer', no)));
}

// A hit's section and page are those of its matched words (referat-query(1)),
// else the passage's own.
function hitSection(h) {
  return h.section || h.passage_section || null;
}

function hitPage(h) {
  const n = Number(h.page || h.passage_page);
  return Number.isInteger(n) && n > 0 ? n : null;
}

export function sourceHref(id, page) {
  return `/api/source/${encodeURIComponent(id)}` + (page ? `#page=${page}` : '');
}

function renderHits(ctx, hits) {
  const list = $('hits');
  list.replaceChildren();
  for (const h of hits) {
    if (!h || typeof h.id !== 'string') continue;
    const li = el('li', { class: 'hit', 'data-id': h.id, tabindex: -1 });
    const meta = el('div', 'hit-meta');
    meta.append(el('time', { class: 'hit-date', datetime: h.date || null }, h.date || '—'));
    meta.append(el('span', 'hit-body', h.body || h.body_text || ''));
    if (h.case) meta.append(el('a', { class: 'hit-case', href: caseURL(h.case, ctx.st.lang), title: t('caseTrailOf', h.case) }, t('caseLabel', h.case)));
    const sec = hitSection(h);
    if (sec) meta.append(el('span', 'hit-section', label('section', sec)));
    const page = hitPage(h);
    if (page) meta.append(el('span', 'hit-page', t('page', page)));
    if (h.match === 'some') meta.append(el('span', { class: 'hit-partial', title: t('partialTitle') }, t('partial')));
    li.append(meta);
    const open = el('a', { class: 'hit-open', href: itemURL(h.id, ctx.st.q, ctx.st.lang) }, h.title || t('untitled'));
    li.append(el('h3', 'hit-title', open));
    const segs = Array.isArray(h.highlights) && h.highlights.length && h.text
      ? snippet(segments(h.text, h.highlights))
      : [{ text: h.snippet || snippetOf(h.text), mark: false }];
    li.append(appendSegments(el('p', 'hit-snippet'), segs));
    const links = el('div', 'hit-links');
    links.append(el('a', { class: 'hit-source', href: sourceHref(h.id, page) }, page ? t('sourcePage', page) : t('source')));
    const file = typeof h.path === 'string' ? h.path.split('/').pop() : '';
    if (file) links.append(el('span', 'hit-file', file));
    li.append(links);
    li.addEventListener('click', (ev) => {
      if (ev.target.closest('a')) return;
      ctx.select(li);
    });
    list.append(li);
  }
}

function snippetOf(text) {
  const s = (text || '').replace(/\s+/g, ' ').trim();
  return s.length > 280 ? s.slice(0, s.lastIndexOf(' ', 280)) + ' …' : s;
}

function renderPager(ctx, pages) {
  const nav = $('pager');
  nav.replaceChildren();
  const { st } = ctx;
  if (pages <= 1 && st.page <= 1) return;
  const link = (id, page, text) => (page >= 1 && page <= pages
    ? el('a', { id, href: toURL(withState(st, { page })), rel: id === 'prev-page' ? 'prev' : 'next' }, text)
    : el('a', { id, 'aria-disabled': 'true', class: 'disabled' }, text));
  nav.append(link('prev-page', Math.min(st.page - 1, pages), t('prevPage')));
  nav.append(el('span', 'pages', t('pageOf', st.page, pages)));
  nav.append(link('next-page', st.page + 1, t('nextPage')));
}

function renderFacets(ctx, facets) {
  const box = $('facets');
  box.replaceChildren();
  const { st } = ctx;
  for (const field of FACETS) {
    const counts = facets[field];
    if (!counts || typeof counts !== 'object') continue;
    let entries = Object.entries(counts).filter(([v, n]) => v && Number(n) > 0);
    if (entries.length === 0) continue;
    // Years newest first; the rest as the API orders them (most hits first).
    if (field === 'year') entries = entries.sort((a, b) => b[0].localeCompare(a[0]));
    const sec = el('section', { class: 'facet', 'data-field': field });
    const headId = `facet-h-${field}`;
    sec.append(el('h3', { id: headId }, t(`facet_${field}`)));
    const ul = el('ul', { 'aria-labelledby': headId });
    entries.forEach(([value, n], i) => {
      const f = `${field}:${value}`;
      const usable = Boolean(validFilter(f));
      const on = st.f.includes(f);
      const b = el('button', {
        type: 'button', class: 'facet-value', 'data-value': value, 'aria-pressed': on ? 'true' : 'false',
        title: value, disabled: usable ? null : true,
      }, el('span', 'facet-label', field === 'lang' || field === 'section' ? label(field, value) : value),
      el('span', 'count', String(n)));
      b.addEventListener('click', () => ctx.go(toggleFilter(st, f)));
      const li = el('li', null, b);
      if (i >= FACET_SHOWN && !on) li.className = 'more';
      ul.append(li);
    });
    sec.append(ul);
    if (entries.length > FACET_SHOWN) {
      const more = el('button', { type: 'button', class: 'facet-more', 'aria-expanded': 'false' }, t('moreValues', entries.length - FACET_SHOWN));
      more.addEventListener('click', () => {
        const open = sec.classList.toggle('open');
        more.setAttribute('aria-expanded', open ? 'true' : 'false');
        more.textContent = open ? t('fewerValues') : t('moreValues', entries.length - FACET_SHOWN);
      });
      sec.append(more);
    }
    box.append(sec);
  }
}

function renderActiveFilters(ctx) {
  const box = $('active-filters');
  box.replaceChildren();
  const { st } = ctx;
  show(box, st.f.length > 0);
  if (st.f.length === 0) return;
  box.append(el('span', 'label', t('activeFilters')));
  for (const f of st.f) {
    const { field, value } = validFilter(f);
    // The name says what a click does and holds the text shown, as
    // WCAG 2.5.3 (label in name) asks: "Fjern filteret År 2022".
    const shown = field === 'lang' || field === 'section' ? label(field, value) : value;
    const b = el('button', {
      type: 'button', class: 'active-filter', 'data-filter': f,
      'aria-label': t('removeFilter', `${t(`facet_${field}`)} ${shown}`),
    }, el('span', 'field', t(`facet_${field}`)), ' ', shown, el('span', { class: 'x', 'aria-hidden': 'true' }, ' ×'));
    b.addEventListener('click', () => ctx.go(withState(st, { f: st.f.filter((x) => x !== f) })));
    box.append(b);
  }
  if (st.f.length > 1) {
    const all = el('button', { type: 'button', class: 'clear-filters' }, t('clearFilters'));
    all.addEventListener('click', () => ctx.go(withState(st, { f: [] })));
    box.append(all);
  }
}
