// api.js - the page's requests to referat-serve's JSON API (docs/api.md),
// and what a failure means for the person waiting: the server down (the
// request never answered), the index busy or being rebuilt (503), a
// malformed query (400), something not found (404).

export class ApiError extends Error {
  // KIND: 'network', 'busy', 'bad', 'notfound' or 'http'.
  constructor(kind, status, message) {
    super(message);
    this.kind = kind;
    this.status = status;
  }
}

// Milliseconds before a request counts as slow ("still searching").
export const SLOW_MS = 3000;

// GETs PATH and resolves to its JSON.  ONSLOW is called once when no
// answer has come after SLOW_MS.  SIGNAL aborts it (a newer request
// replaced it): the promise then rejects with an AbortError.
export async function getJSON(path, { signal, onSlow } = {}) {
  const timer = onSlow ? setTimeout(onSlow, SLOW_MS) : null;
  try {
    let r;
    try {
      r = await fetch(path, { signal, headers: { Accept: 'application/json' } });
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError('network', 0, String(e.message || e));
    }
    let body = null;
    try {
      body = await r.json();
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      body = null;
    }
    if (r.ok && body && typeof body === 'object') return body;
    const msg = body && typeof body.error === 'string' ? body.error : r.statusText || String(r.status);
    if (r.ok) throw new ApiError('http', r.status, 'not a JSON answer');
    const kind = r.status === 503 ? 'busy' : r.status === 400 ? 'bad' : r.status === 404 ? 'notfound' : 'http';
    throw new ApiError(kind, r.status, msg);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

// A case number as a URL path below /api/case/: each segment encoded.
export function casePath(no) {
  return String(no).split('/').map(encodeURIComponent).join('/');
}
