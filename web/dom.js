// dom.js - building the page from data without ever parsing it as HTML:
// elements are made with createElement and filled with textContent, so
// nothing in a document's text, a file name or a query can run script.
// And the highlights: the API gives them as UTF-8 byte ranges of a
// passage's text, converted here to the text's characters.

const SVG_NS = 'http://www.w3.org/2000/svg';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// el('li', 'hit', 'text') or el('a', {class: 'x', href: '/'}, child, ...):
// an element with a class or attributes, and text or child nodes.
export function el(tag, attrs, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

export function svg(tag, attrs, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

function fill(e, attrs, children) {
  if (typeof attrs === 'string') {
    e.setAttribute('class', attrs);
  } else if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      e.setAttribute(k, v === true ? '' : String(v));
    }
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return e;
}

// Moves a byte offset I of BYTES back to the start of its character
// (a range the API ends inside a character would otherwise cut it).
function charStart(bytes, i) {
  while (i > 0 && i < bytes.length && (bytes[i] & 0xc0) === 0x80) i--;
  return i;
}

// TEXT cut at its highlights RANGES ([[start, end], ...]: UTF-8 byte
// offsets, end exclusive) into [{text, mark}] pieces in order.  Ranges
// out of order are sorted, overlapping or out of bounds ones dropped.
export function segments(text, ranges) {
  text = text || '';
  const bytes = encoder.encode(text);
  const rs = (Array.isArray(ranges) ? ranges : [])
    .filter((r) => Array.isArray(r) && Number.isInteger(r[0]) && Number.isInteger(r[1]))
    .map((r) => [charStart(bytes, r[0]), charStart(bytes, r[1])])
    .sort((a, b) => a[0] - b[0]);
  const out = [];
  let pos = 0;
  for (const [s, e] of rs) {
    if (s < pos || e > bytes.length || s >= e) continue;
    if (s > pos) out.push({ text: decoder.decode(bytes.subarray(pos, s)), mark: false });
    out.push({ text: decoder.decode(bytes.subarray(s, e)), mark: true });
    pos = e;
  }
  if (pos < bytes.length || out.length === 0) out.push({ text: decoder.decode(bytes.subarray(pos)), mark: false });
  return out;
}

// Appends SEGS to PARENT, each marked piece in a <mark>.
export function appendSegments(parent, segs) {
  for (const s of segs) parent.append(s.mark ? el('mark', null, s.text) : document.createTextNode(s.text));
  return parent;
}

// A snippet of about MAX characters from SEGS, whitespace collapsed,
// around the first highlight (cut at word boundaries, with '…' where
// text is left out), as segments again.
export function snippet(segs, max = 280) {
  const flat = [];
  for (const s of segs) {
    const text = s.text.replace(/\s+/g, ' ');
    if (text) flat.push({ text, mark: s.mark });
  }
  let total = 0;
  let firstMark = -1;
  for (const s of flat) {
    if (s.mark && firstMark < 0) firstMark = total;
    total += s.text.length;
  }
  const whole = flat.map((s) => s.text).join('');
  let start = firstMark > 60 ? firstMark - 60 : 0;
  if (start > 0) {
    const sp = whole.indexOf(' ', start);
    start = sp >= 0 && sp < firstMark ? sp + 1 : start;
  }
  if (total - start < max) start = Math.max(0, total - max);
  if (start > 0) {
    const sp = whole.indexOf(' ', start);
    if (sp >= 0 && (firstMark < 0 || sp < firstMark)) start = sp + 1;
  }
  let end = Math.min(total, start + max);
  if (end < total) {
    const sp = whole.lastIndexOf(' ', end);
    if (sp > start) end = sp;
  }
  const out = [];
  let pos = 0;
  for (const s of flat) {
    const a = Math.max(start, pos);
    const b = Math.min(end, pos + s.text.length);
    if (a < b) out.push({ text: s.text.slice(a - pos, b - pos), mark: s.mark });
    pos += s.text.length;
  }
  if (out.length && start > 0) out.unshift({ text: '… ', mark: false });
  if (out.length && end < total) out.push({ text: ' …', mark: false });
  if (out.length && !out[0].mark) out[0].text = out[0].text.replace(/^ /, '');
  return out;
}

export function show(e, on) {
  e.hidden = !on;
}
