// state.js - the page's whole state, read from and written to the URL
// (docs/api.md, "The page"): a link shows a colleague the same page, and
// back and forward walk the history.  A value the page cannot use is
// reported (state.errors) and replaced by its default, never obeyed.
//
//   /?q=QUERY&f=FIELD:VALUE...&sort=relevance|date|oldest&docs=1&page=N&lang=nb|da|en
//   /?view=item&id=PASSAGE_ID&q=QUERY
//   /?view=case&case=22/2023

import { LANGS } from './i18n.js';

export const PAGE_SIZE = 10;
// The API pages at most 10000 hits deep (offset + limit).
export const MAX_PAGE = 1000;
export const FIELDS = ['year', 'body', 'section', 'lang', 'case'];
export const SORTS = ['relevance', 'date', 'oldest'];
const VIEWS = ['search', 'item', 'case'];
const KNOWN = new Set(['view', 'q', 'f', 'sort', 'docs', 'page', 'lang', 'id', 'case']);

// A filter FIELD:VALUE the page can send: a known field and a value it
// can quote (no double quote, no control character).
export function validFilter(f) {
  const m = /^([a-z]+):(.+)$/s.exec(f);
  if (!m || !FIELDS.includes(m[1]) || /["\u0000-\u001f]/.test(m[2]) || m[2].trim() !== m[2]) return null;
  if (m[1] === 'year' && !/^\d{4}$/.test(m[2])) return null;
  return { field: m[1], value: m[2] };
}

export function parseState(search) {
  const p = new URLSearchParams(search);
  const st = {
    view: 'search', q: '', f: [], sort: 'relevance', docs: false, page: 1,
    lang: null, id: null, caseNo: null, errors: [],
  };
  for (const k of new Set(p.keys())) if (!KNOWN.has(k)) st.errors.push(['badParam', k]);
  const view = p.get('view');
  if (view !== null) {
    if (VIEWS.includes(view)) st.view = view;
    else st.errors.push(['badView', view]);
  }
  st.q = (p.get('q') || '').trim();
  for (const f of p.getAll('f')) {
    if (!validFilter(f)) st.errors.push(['badFilter', f]);
    else if (!st.f.includes(f)) st.f.push(f);
  }
  const sort = p.get('sort');
  if (sort !== null) {
    if (SORTS.includes(sort)) st.sort = sort;
    else st.errors.push(['badSort', sort]);
  }
  const docs = p.get('docs');
  if (docs !== null) {
    if (docs === '1' || docs === '0') st.docs = docs === '1';
    else st.errors.push(['badDocs', docs]);
  }
  const page = p.get('page');
  if (page !== null) {
    const n = /^[1-9]\d{0,5}$/.test(page) ? Number(page) : NaN;
    if (n >= 1 && n <= MAX_PAGE) st.page = n;
    else st.errors.push(['badPage', page]);
  }
  const lang = p.get('lang');
  if (lang !== null) {
    if (LANGS.includes(lang)) st.lang = lang;
    else st.errors.push(['badLang', lang]);
  }
  if (st.view === 'item') {
    st.id = p.get('id');
    if (!st.id) st.errors.push(['missingId']);
  }
  if (st.view === 'case') {
    st.caseNo = (p.get('case') || '').trim();
    if (!st.caseNo) st.errors.push(['missingCase']);
  }
  return st;
}

// The URL of state ST (only what differs from the defaults).
export function toURL(st) {
  const p = new URLSearchParams();
  if (st.view === 'item') {
    p.set('view', 'item');
    p.set('id', st.id);
    if (st.q) p.set('q', st.q);
  } else if (st.view === 'case') {
    p.set('view', 'case');
    p.set('case', st.caseNo);
  } else {
    if (st.q) p.set('q', st.q);
    for (const f of st.f) p.append('f', f);
    if (st.sort !== 'relevance') p.set('sort', st.sort);
    if (st.docs) p.set('docs', '1');
    if (st.page > 1) p.set('page', String(st.page));
  }
  if (st.lang) p.set('lang', st.lang);
  const s = readable(p);
  return s ? '/?' + s : '/';
}

// P as a query string that keeps ':' and '/' as they are (f=year:2023,
// case=22/2023): both are allowed there, and the URL stays readable.
function readable(p) {
  const enc = (s) => encodeURIComponent(s).replace(/%3A/gi, ':').replace(/%2F/gi, '/').replace(/%20/g, '+');
  return [...p].map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
}

// A copy of ST with CHANGES (a new search starts at page 1 unless the
// changes name a page), its errors dropped.
export function withState(st, changes) {
  const next = { ...st, f: [...st.f], errors: [], ...changes };
  if (!('page' in changes)) next.page = 1;
  return next;
}

// The value of filter F quoted for the query language when it needs it.
function filterTerm(f) {
  const { field, value } = validFilter(f);
  return /^[\p{L}\p{N}_./-]+$/u.test(value) ? `${field}:${value}` : `${field}:"${value}"`;
}

// The query sent to the API: the box's query and the filters.  A query
// with OR is bracketed, so that a filter applies to all of it.
export function fullQuery(st) {
  const terms = st.f.map(filterTerm);
  let q = st.q;
  if (q && terms.length && /\bOR\b/.test(q)) q = `(${q})`;
  return [q, ...terms].filter(Boolean).join(' ');
}

// The search view's URL for query Q (the box's text) and nothing else
// but the language.
export function searchURL(q, lang) {
  return toURL({ view: 'search', q, f: [], sort: 'relevance', docs: false, page: 1, lang });
}

export function itemURL(id, q, lang) {
  return toURL({ view: 'item', id, q, lang });
}

export function caseURL(caseNo, lang) {
  return toURL({ view: 'case', caseNo, lang });
}
