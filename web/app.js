// app.js - the page's entry module: reads the state from the URL, shows
// the view it names (search, item in context, case trail), and moves
// between them with history.pushState, so that every page is a link and
// back and forward work.  Keyboard: / focuses the box, j/k or the arrows
// move between hits, Enter or o opens one.
//
// Nothing from the index, a file name or the URL is inserted as HTML:
// the views build their elements with dom.js.

import { t, setLang, getLang, browserLang, applyStatic } from './i18n.js';
import { parseState, toURL, withState } from './state.js';
import { el, show } from './dom.js';
import { getJSON } from './api.js';
import { renderSearch, toggleFilter, DECISIONS } from './search.js';
import { renderItem } from './item.js';
import { renderTrail } from './trail.js';

const $ = (id) => document.getElementById(id);

let st = parseState('');
let urlErrors = [];
let controller = null;

// Shows a message in #status: KIND ('', 'loading', 'slow', 'error',
// 'nohits') as its class, CONTENT as text and nodes; the URL's errors,
// when it had any, always first.
function status(kind, ...content) {
  const s = $('status');
  s.replaceChildren();
  s.className = '';
  for (const [key, value] of urlErrors) s.append(el('span', 'line', t(key, value)));
  if (urlErrors.length) s.classList.add('error');
  if (kind) s.classList.add(kind);
  const parts = content.filter((c) => c !== '' && c !== null && c !== undefined);
  if (parts.length) s.append(el('span', 'line', ...parts));
}

// Shows failure E (an ApiError) of a request for WHAT.
function fail(e, what) {
  const msg = e && e.message ? e.message : String(e);
  switch (e && e.kind) {
  case 'network': status('error', t('serverDown')); break;
  case 'busy': status('error', t('busy', msg)); break;
  case 'notfound': status('error', t('notFound', what || msg), ` (${msg})`); break;
  default: status('error', t('httpError', (e && e.status) || '?', msg));
  }
}

// Whether the view being rendered comes from a query typed in the box
// (not a link, a reload or back/forward): a typed case number then opens
// its trail.
let typed = false;

// Goes to NEXT (a state or a URL), as a new entry in the history.
function go(next) {
  const url = typeof next === 'string' ? next : toURL(next);
  history.pushState({ from: location.pathname + location.search }, '', url);
  render();
}

// Shows NEXT (a URL) in place of the current entry of the history, so
// that back skips the page replaced.
function replace(next) {
  history.replaceState(history.state, '', next);
  render();
}

// Where the back link of the item and trail views leads: the page this
// one was opened from, else the search for the view's query.
function backHref() {
  const from = history.state && typeof history.state.from === 'string' ? history.state.from : null;
  if (from && from.startsWith('/')) return from;
  return toURL(withState(parseState(''), { q: st.q || '', lang: st.lang }));
}

// The keyboard's selection in the hits.
function select(li) {
  for (const x of $('hits').querySelectorAll('li.selected')) {
    x.classList.remove('selected');
    x.removeAttribute('aria-current');
  }
  if (!li) return;
  li.classList.add('selected');
  li.setAttribute('aria-current', 'true');
  li.focus({ preventScroll: true });
  li.scrollIntoView({ block: 'nearest' });
}

function moveSelection(step) {
  const hits = [...$('hits').querySelectorAll('li.hit')];
  if (hits.length === 0) return;
  const cur = hits.findIndex((x) => x.classList.contains('selected'));
  const next = cur < 0 ? (step > 0 ? 0 : hits.length - 1) : Math.min(hits.length - 1, Math.max(0, cur + step));
  select(hits[next]);
}

function openSelected() {
  const li = $('hits').querySelector('li.selected');
  const a = li && li.querySelector('a.hit-open');
  if (a) go(a.getAttribute('href'));
  return Boolean(a);
}

function render() {
  if (controller) controller.abort();
  controller = new AbortController();
  st = parseState(location.search);
  urlErrors = st.errors;
  setLang(st.lang || browserLang());
  applyStatic();
  $('lang').value = getLang();
  show($('search-view'), st.view === 'search');
  show($('item-view'), st.view === 'item');
  show($('trail-view'), st.view === 'case');
  document.body.dataset.view = st.view;
  status('', '');
  const signal = controller.signal;
  // A view's main request: aborted with the view, "still searching" when slow.
  const load = (path) => getJSON(path, { signal, onSlow: () => status('slow', t('slow')) });
  const ctx = { st, signal, load, status, fail, go, replace, select, backHref, typed };
  typed = false;
  const view = st.view === 'item' ? renderItem : st.view === 'case' ? renderTrail : renderSearch;
  view(ctx).catch((e) => {
    if (e && e.name === 'AbortError') return;
    status('error', t('httpError', '-', e && e.message ? e.message : String(e)));
  });
}

function onKey(ev) {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const target = ev.target instanceof Element ? ev.target : document.body;
  const typing = target.closest('input, textarea, select, [contenteditable]');
  if (typing) {
    if (ev.key === 'Escape' && target === $('q')) $('q').blur();
    return;
  }
  if (ev.key === '/') {
    ev.preventDefault();
    $('q').focus();
    $('q').select();
    return;
  }
  if (st.view === 'item') {
    if (ev.key === 'n' || ev.key === 'p') {
      ev.preventDefault();
      $(ev.key === 'n' ? 'match-next' : 'match-prev').click();
    }
    return;
  }
  if (st.view !== 'search') return;
  // The arrows move the selection only where they would not scroll a
  // control: on the page itself or in the hits.
  const inHits = target === document.body || target === $('main') || Boolean(target.closest('#hits'));
  if (ev.key === 'j' || (ev.key === 'ArrowDown' && inHits)) {
    ev.preventDefault();
    moveSelection(1);
  } else if (ev.key === 'k' || (ev.key === 'ArrowUp' && inHits)) {
    ev.preventDefault();
    moveSelection(-1);
  } else if ((ev.key === 'Enter' && target.matches('li.hit')) || ev.key === 'o') {
    if (openSelected()) ev.preventDefault();
  }
}

// Links within the page (to "/?...") change the view without a reload.
function onClick(ev) {
  if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  const a = ev.target instanceof Element ? ev.target.closest('a[href]') : null;
  if (!a || a.hasAttribute('download')) return;
  const u = new URL(a.href, location.href);
  if (u.origin !== location.origin || u.pathname !== '/') return;
  ev.preventDefault();
  const url = u.pathname + u.search;
  if ((a.id === 'back' || a.id === 'trail-back') && history.state && history.state.from === url) {
    history.back();
    return;
  }
  go(url);
}

function start() {
  $('search').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = $('q').value.trim();
    const base = st.view === 'search' ? st : parseState('');
    typed = true;
    go(withState(base, { view: 'search', q, lang: st.lang }));
  });
  $('sort').addEventListener('change', () => go(withState(st, { sort: $('sort').value })));
  $('docs').addEventListener('change', () => go(withState(st, { docs: $('docs').checked })));
  $('decisions').addEventListener('click', () => go(toggleFilter(st, DECISIONS)));
  $('lang').addEventListener('change', () => go({ ...st, lang: $('lang').value }));
  document.addEventListener('keydown', onKey);
  document.addEventListener('click', onClick);
  window.addEventListener('popstate', render);
  render();
}

start();
