// app.js - the page's entry module: reads the state from the URL, asks
// /api/search, and lists the hits.  Text from the index is inserted as
// text, never as HTML.
const $ = (id) => document.getElementById(id);

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

async function search(q) {
  $('status').textContent = '';
  $('hits').replaceChildren();
  if (!q) return;
  const r = await fetch('/api/search?' + new URLSearchParams({ q }));
  const d = await r.json();
  if (!r.ok) { $('query-error').hidden = false; $('query-error').textContent = d.error; return; }
  $('query-error').hidden = true;
  $('count').textContent = String(d.total);
  for (const h of d.hits) {
    const li = el('li', 'hit');
    li.dataset.id = h.id;
    li.append(el('span', 'hit-date', h.date || ''), el('span', 'hit-body', h.body || ''),
      el('p', 'hit-snippet', h.snippet || ''));
    $('hits').append(li);
  }
}

function start() {
  const q = new URLSearchParams(location.search).get('q') || '';
  $('q').value = q;
  $('search').addEventListener('submit', (ev) => {
    ev.preventDefault();
    history.pushState(null, '', '/?' + new URLSearchParams({ q: $('q').value }));
    search($('q').value);
  });
  search(q).catch((e) => { $('status').textContent = String(e); $('status').className = 'error'; });
}

start();
