// tests/browser/run.mjs - referat-serve's web page tested in a real browser:
// headless Chromium from Debian (/usr/bin/chromium) driven by
// puppeteer-core, against referat-serve on a loopback port over a test
// corpus (corpus/nb, corpus/da and the minutes of corpus.mjs).  Prints TAP.
//
//   REFERAT_BUILDDIR=build REFERAT_SRCDIR=. node tests/browser/run.mjs
//
// Environment: REFERAT_BROWSER_MODULES, the node_modules folder holding
// puppeteer-core and axe-core (default: the one beside this file);
// REFERAT_BROWSER_ONLY, a regular expression choosing the cases to run.
// Screenshots of each view go to $REFERAT_BUILDDIR/screenshots/.
//
// Every wait is bounded: each wait for the page 5 s, each case 30 s (the
// XSS cases 90 s), the whole run 4 minutes (a watchdog that reports the
// case running, stops the server and the browser by their PIDs and
// exits).  A console error, an uncaught page error or a dialog fails the
// case during which it came.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as C from './corpus.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const BUILD = path.resolve(process.env.REFERAT_BUILDDIR || 'build');
const SRC = path.resolve(process.env.REFERAT_SRCDIR || path.join(here, '..', '..'));
const MODULES = path.resolve(process.env.REFERAT_BROWSER_MODULES || path.join(here, 'node_modules'));
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(BUILD, 'screenshots');
const ONLY = process.env.REFERAT_BROWSER_ONLY ? new RegExp(process.env.REFERAT_BROWSER_ONLY) : null;

const WAIT_MS = 5000;
const CASE_MS = 30000;
const RUN_MS = 240000;

const require = createRequire(path.join(MODULES, 'resolve.js'));
const puppeteer = require('puppeteer-core');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// The query with many hits over several years and bodies, and the
// Danish word written with ø.
const MANY = 'behandling';
const DANISH = 'dødsfald';
const DANISH_FORMS = /^dødsfald(et|ene|e|s)?$/i;

/* ---------- the run's state, and its cleanup ---------- */

let tmp = null;
let server = null;         // { proc, pid, exited: Promise<code> }
let browser = null;
let BASE = '';
let caseNo = 0;
let failed = 0;
let current = null;

function tap(ok, name, diag) {
    caseNo++;
    if (!ok)
        failed++;
    console.log(`${ok ? 'ok' : 'not ok'} ${caseNo} - ${name}`);
    for (const line of (diag || []).join('\n').split('\n').filter(Boolean).slice(0, 40))
        console.log(`#   ${line.length > 300 ? line.slice(0, 300) + " ..." : line}`);
}

function killPid(pid, sig) {
    try { process.kill(pid, sig); return true; } catch { return false; }
}

// On any exit, no server or browser is left behind (by PID, never by name).
process.on('exit', () => {
    if (server && server.pid)
        killPid(server.pid, 'SIGKILL');
    const bp = browser && browser.process();
    if (bp && bp.pid)
        killPid(bp.pid, 'SIGKILL');
    if (tmp)
        fs.rmSync(tmp, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM'])
    process.on(sig, () => { console.log(`Bail out! ${sig}`); process.exit(1); });

const watchdog = setTimeout(() => {
    if (current)
        tap(false, `${current} (the whole run took more than ${RUN_MS / 1000} s)`);
    console.log(`1..${caseNo}`);
    console.log(`Bail out! the browser tests did not finish within ${RUN_MS / 1000} s`);
    process.exit(1);
}, RUN_MS);

function withTimeout(promise, ms, what) {
    let timer;
    return Promise.race([
        promise,
        new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms / 1000} s`)), ms);
        }),
    ]).finally(() => clearTimeout(timer));
}

/* ---------- the index and the server ---------- */

function buildIndex() {
    tmp = fs.mkdtempSync(path.join(process.env.TMPDIR || os.tmpdir(), 'referat-browser.'));
    const corpus = path.join(tmp, 'corpus');
    C.writeCorpus(SRC, corpus);
    const db = path.join(tmp, 'db');
    execFileSync(path.join(BUILD, 'referat-index'), ['--db', db, corpus],
        { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120000 });
    return db;
}

// Starts referat-serve on 127.0.0.1 port 0; resolves with its base URL
// from its first line of output, waiting at most 10 s.
function startServer(db) {
    const proc = spawn(path.join(BUILD, 'referat-serve'),
        ['--db', db, '--listen', '127.0.0.1:0', '--timeout', '5'],
        { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise((resolve) => proc.once('exit', (code, sig) => resolve(sig ? sig : code)));
    server = { proc, pid: proc.pid, exited, stderr: () => stderr };
    return withTimeout(new Promise((resolve, reject) => {
        readline.createInterface({ input: proc.stdout }).once('line', (line) => {
            const m = /^referat-serve: listening on (http:\/\/127\.0\.0\.1:[0-9]+\/)$/.exec(line);
            if (m)
                resolve(m[1]);
            else
                reject(new Error(`referat-serve's first line is not its address: ${line}`));
        });
        exited.then((code) => reject(new Error(`referat-serve exited (${code}): ${stderr}`)));
    }), 10000, 'referat-serve printing its address');
}

// Stops the server by its PID (TERM, then KILL after 10 s); its exit status.
async function stopServer() {
    if (!server)
        return null;
    const s = server;
    killPid(s.pid, 'SIGTERM');
    let code = await withTimeout(s.exited, 10000, 'referat-serve stopping').catch(() => null);
    if (code === null) {
        killPid(s.pid, 'SIGKILL');
        code = 'killed after 10 s';
    }
    server = null;
    return { code, stderr: s.stderr() };
}

async function api(route, params) {
    const url = `${BASE}api/${route}` + (params ? '?' + new URLSearchParams(params) : '');
    const r = await fetch(url, { signal: AbortSignal.timeout(10000) });
    return { status: r.status, json: await r.json().catch(() => null) };
}

async function apiSearch(q, extra = {}) {
    const r = await api('search', { q, limit: 10, ...extra });
    if (r.status !== 200)
        throw new Error(`/api/search?q=${q}: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
}

// The ids of every hit with all the words, all pages.
async function apiAllIds(q, extra = {}) {
    const ids = [];
    for (let offset = 0; ; offset += 100) {
        const r = await apiSearch(q, { ...extra, limit: 100, offset });
        const all = r.hits.filter((h) => h.match === 'all');
        ids.push(...all.map((h) => h.id));
        if (all.length < 100 || ids.length >= r.total)
            return ids;
    }
}

const passages = new Map();
async function passage(id) {
    if (!passages.has(id)) {
        const r = await api(`passage/${encodeURIComponent(id)}`);
        if (r.status !== 200)
            throw new Error(`/api/passage/${id}: ${r.status}`);
        passages.set(id, r.json.passage);
    }
    return passages.get(id);
}

/* ---------- pages ---------- */

// A case's context: its pages, with what went wrong on them collected.
class Ctx {
    constructor(opts) {
        this.opts = opts;
        this.errors = [];
        this.pages = [];
    }

    async page(viewport = { width: 1200, height: 900 }, setup = null) {
        const page = await browser.newPage();
        this.pages.push(page);
        page.setDefaultTimeout(WAIT_MS);
        page.setDefaultNavigationTimeout(15000);
        await page.setViewport(viewport);
        page.on('console', (m) => {
            if (m.type() !== 'error')
                return;
            const url = (m.location() && m.location().url) || '';
            // A failed API request logs this; the cases that cause one on
            // purpose (a 400, a 404, the server down) allow it.
            if (this.opts.apiErrors && /^Failed to load resource/.test(m.text()) && url.includes('/api/'))
                return;
            this.errors.push(`console error: ${m.text()} ${url}`);
        });
        page.on('pageerror', (e) => this.errors.push(`page error: ${e.message}`));
        page.on('dialog', (d) => {
            this.errors.push(`a dialog opened: ${d.type()} "${d.message()}"`);
            d.dismiss().catch(() => {});
        });
        if (setup)
            await setup(page);
        return page;
    }

    async close() {
        for (const p of this.pages)
            await withTimeout(p.close(), 5000, 'closing a page').catch(() => {});
    }
}

async function go(page, query) {
    return page.goto(BASE + query.replace(/^\//, ''), { waitUntil: 'load' });
}

// What the page shows, for a failed case's diagnostics.
async function snapshot(page) {
    try {
        return await withTimeout(page.evaluate(() => {
            const t = (s) => { const e = document.querySelector(s); return e ? JSON.stringify(e.textContent.trim().slice(0, 160)) : '(none)'; };
            const hits = [...document.querySelectorAll('#hits li.hit')];
            return [
                `url ${location.pathname}${location.search}`,
                `#status ${t('#status')} class="${(document.querySelector('#status') || {}).className || ''}"`,
                `#query-error ${t('#query-error')}; #count ${t('#count')}`,
                `${hits.length} li.hit: ${hits.slice(0, 4).map((li) => li.dataset.id).join(' ')}`,
            ].join('\n');
        }), 3000, 'snapshot');
    } catch (e) {
        return `(no snapshot: ${e.message})`;
    }
}

// Waits until FN(ARG) is true in the page; fails naming WHAT and the page.
async function until(page, what, fn, arg, ms = WAIT_MS) {
    try {
        await page.waitForFunction(fn, { timeout: ms, polling: 100 }, arg);
    } catch (e) {
        throw new Error(`${what}: not within ${ms / 1000} s (${e.message.split('\n')[0]})\n${await snapshot(page)}`);
    }
}

function assert(cond, msg) {
    if (!cond)
        throw new Error(msg);
}

const pageIds = (page) => page.$$eval('#hits li.hit', (lis) => lis.map((li) => li.dataset.id));

// Waits until the hits shown begin with IDS (the API's hits with all words).
async function untilHits(page, ids, what, ms = WAIT_MS) {
    assert(ids.length > 0, `${what}: the API found nothing (test corpus?)`);
    await until(page, `${what}: the hits shown are the API's (${ids.slice(0, 3).join(' ')} ...)`, (want) => {
        const got = [...document.querySelectorAll('#hits li.hit')].map((li) => li.dataset.id);
        return got.length >= Math.min(want.length, 10) &&
            got.slice(0, want.length).every((id, i) => want[i] === id);
    }, ids, ms);
}

async function allIdsFor(q, extra) {
    return (await apiSearch(q, extra)).hits.filter((h) => h.match === 'all').map((h) => h.id);
}

// Types Q into #q (emptied first) and presses Enter.
async function typeSearch(page, q) {
    await page.waitForSelector('#q');
    await page.$eval('#q', (el) => { el.value = ''; });
    await page.focus('#q');
    await page.keyboard.type(q);
    await page.keyboard.press('Enter');
}

const params = (page) => page.evaluate(() => {
    const p = new URLSearchParams(location.search);
    return { q: p.get('q'), f: p.getAll('f'), sort: p.get('sort'), view: p.get('view'), id: p.get('id'), case: p.get('case'), lang: p.get('lang') };
});

async function shot(page, name) {
    fs.mkdirSync(SHOTS, { recursive: true });
    await withTimeout(page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true }), 10000, 'screenshot')
        .catch((e) => console.log(`# screenshot ${name}: ${e.message}`));
}

// The texts of the <mark>s inside SCOPE (a selector).
const marks = (page, scope) => page.$$eval(`${scope} mark`, (ms) => ms.map((m) => m.textContent));

function formsOk(texts, re, where) {
    assert(texts.length > 0, `${where}: no <mark>`);
    const bad = texts.filter((t) => !re.test(t));
    assert(bad.length === 0, `${where}: <mark>s that are not a form of the word: ${JSON.stringify(bad)}`);
}

async function inViewport(page, sel) {
    return page.$eval(sel, (el) => {
        const r = el.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight;
    });
}

// Runs axe-core in the page; the serious and critical violations.
async function axe(page) {
    await page.evaluate(AXE);
    const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function axeReport(view, vs) {
    return `${view}: ${vs.length} serious or critical violation(s)\n` + vs.map((v) =>
        `${v.id} (${v.impact}): ${v.help}\n` + v.nodes.slice(0, 4).map((n) =>
            `  ${n.target.join(' ')}: ${(n.failureSummary || '').replace(/\n/g, ' ').slice(0, 200)}`).join('\n')).join('\n');
}

// What a payload left in the page: elements it made, script run, inline
// handlers, javascript: URLs.  Empty when the page is clean.
const SAFETY = () => {
    const bad = [];
    const el = document.querySelector('[data-xss], iframe, object, embed, base, meta[http-equiv], marquee, isindex, audio, video');
    if (el)
        bad.push(`an injected element: ${el.outerHTML.slice(0, 120)}`);
    if (window.__xss !== undefined)
        bad.push(`a payload's script ran (window.__xss = ${window.__xss})`);
    for (const s of document.scripts) {
        if (!s.src || new URL(s.src).origin !== location.origin)
            bad.push(`a script not the app's: ${s.outerHTML.slice(0, 120)}`);
    }
    for (const e of document.querySelectorAll('*')) {
        for (const a of e.attributes) {
            if (/^on/i.test(a.name))
                bad.push(`an inline handler ${a.name} on <${e.localName}>`);
            if (/^(href|src|action|formaction|data|xlink:href)$/i.test(a.name) && /^\s*j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:/i.test(a.value))
                bad.push(`a javascript: URL in <${e.localName} ${a.name}>`);
        }
    }
    if (getComputedStyle(document.body).backgroundColor === 'rgb(255, 0, 0)')
        bad.push('a payload\'s style applied');
    return bad.slice(0, 10);
};

async function safe(page, where) {
    const bad = await page.evaluate(SAFETY);
    assert(bad.length === 0, `${where}:\n${bad.join('\n')}`);
}

const normalized = (s) => s.replace(/\s+/g, ' ');

/* ---------- the cases ---------- */

const cases = [];
function test(name, fn, opts = {}) { cases.push({ name, fn, opts }); }

test('the page loads at / with its Content-Security-Policy, a labelled search box, no error', async (ctx) => {
    const page = await ctx.page();
    const resp = await go(page, '/');
    assert(resp.status() === 200, `GET / answered ${resp.status()}`);
    const csp = resp.headers()['content-security-policy'] || '';
    assert(csp.includes("default-src 'self'"), `GET / has no CSP default-src 'self': "${csp}"`);
    await page.waitForSelector('form#search input#q[type=search]');
    await page.waitForSelector('label[for=q]');
    await page.waitForSelector('form#search button#go');
    assert(await page.$eval('html', (h) => h.lang) === 'nb', 'html lang is not nb for a browser in Norwegian');
});

test('search: a typed query shows the API\'s hits with date, body, title, case, page, snippet with <mark>', async (ctx) => {
    const page = await ctx.page();
    await go(page, '/');
    const res = await apiSearch(DANISH);
    const ids = res.hits.filter((h) => h.match === 'all').map((h) => h.id);
    await typeSearch(page, DANISH);
    await untilHits(page, ids, `search ${DANISH}`);
    const p = await params(page);
    assert(p.q === DANISH, `the URL's q is ${p.q}, want ${DANISH}`);
    const count = await page.$eval('#count', (e) => e.textContent);
    assert(count.includes(String(res.total)), `#count "${count}" lacks the total ${res.total}`);
    const shown = await page.$$eval('#hits li.hit', (lis) => lis.map((li) => {
        const t = (s) => { const e = li.querySelector(s); return e ? e.textContent.trim() : null; };
        const a = (s) => { const e = li.querySelector(s); return e ? e.getAttribute('href') : null; };
        return {
            id: li.dataset.id, date: t('.hit-date'), body: t('.hit-body'), title: t('.hit-title'),
            case: t('a.hit-case'), caseHref: a('a.hit-case'), section: t('.hit-section'), page: t('.hit-page'),
            marks: [...li.querySelectorAll('.hit-snippet mark')].map((m) => m.textContent),
            partial: !!li.querySelector('.hit-partial'), open: a('a.hit-open'), source: a('a.hit-source'),
            tabindex: li.getAttribute('tabindex'),
        };
    }));
    for (const s of shown) {
        const h = res.hits.find((x) => x.id === s.id);
        const w = `hit ${s.id}`;
        assert(s.date && (s.date.includes(h.date) || s.date.includes(String(h.year))), `${w}: .hit-date "${s.date}" does not show ${h.date}`);
        assert(s.body && s.body.includes(h.body), `${w}: .hit-body "${s.body}", want "${h.body}"`);
        assert(!h.title || (s.title && s.title.includes(h.title)), `${w}: .hit-title "${s.title}", want "${h.title}"`);
        assert(!h.case || (s.case && s.case.includes(h.case)), `${w}: a.hit-case "${s.case}", want ${h.case}`);
        assert(!h.case || (s.caseHref && s.caseHref.includes('view=case')), `${w}: a.hit-case href "${s.caseHref}" is not a trail`);
        const sections = [h.section, h.passage_section].filter(Boolean);
        assert(!sections.length || (s.section && sections.some((x) => s.section.toLowerCase().includes(x))),
            `${w}: .hit-section "${s.section}", want ${sections.join(' or ')}`);
        assert(!h.page || (s.page && s.page.includes(String(h.passage_page || h.page))), `${w}: .hit-page "${s.page}", want ${h.passage_page || h.page}`);
        formsOk(s.marks, DANISH_FORMS, `${w}: .hit-snippet`);
        assert(s.partial === (h.match === 'some'), `${w}: .hit-partial ${s.partial ? 'present' : 'absent'} for match "${h.match}"`);
        assert(s.open && s.open.includes('view=item') && s.open.includes(`id=${h.id}`),
            `${w}: a.hit-open href "${s.open}" is not its item view`);
        assert(!h.page || s.source === `/api/source/${h.id}#page=${h.page}`, `${w}: a.hit-source href "${s.source}", want /api/source/${h.id}#page=${h.page}`);
        assert(s.tabindex === '-1', `${w}: tabindex "${s.tabindex}", want -1`);
    }
    await shot(page, 'search');
});

// Clicks a value of facet FIELD (not the one holding every hit); its value.
async function clickFacet(page, field, total) {
    const sel = `#facets section.facet[data-field=${field}] button.facet-value`;
    await page.waitForSelector(sel);
    const values = await page.$$eval(sel, (bs) => bs.map((b) => ({ v: b.dataset.value, n: parseInt((b.querySelector('.count') || {}).textContent, 10) })));
    const pick = values.find((x) => x.n > 0 && x.n < total) || values[0];
    assert(pick && pick.v, `no ${field} facet value to click: ${JSON.stringify(values)}`);
    for (const b of await page.$$(sel)) {
        if (await b.evaluate((e) => e.dataset.value) === pick.v) {
            await b.click();
            return pick.v;
        }
    }
    throw new Error(`the ${field} facet value ${pick.v} went away`);
}

test('facets: clicking a year then a body filters the hits and the URL; an active filter removed', async (ctx) => {
    const page = await ctx.page();
    await go(page, `/?q=${MANY}`);
    const all = await apiSearch(MANY);
    await untilHits(page, await allIdsFor(MANY), `?q=${MANY}`);
    const year = await clickFacet(page, 'year', all.total);
    await until(page, `the URL has f=year:${year}`, (y) => new URLSearchParams(location.search).getAll('f').includes(`year:${y}`), year);
    const yIds = await allIdsFor(`${MANY} year:${year}`);
    await untilHits(page, yIds, `after clicking year ${year}`);
    for (const id of await pageIds(page))
        assert(String((await passage(id)).year) === year, `hit ${id} is not from ${year}`);
    assert(await page.$eval(`section.facet[data-field=year] button.facet-value[data-value="${year}"]`, (b) => b.getAttribute('aria-pressed')) === 'true',
        `the ${year} facet button is not aria-pressed=true`);
    await page.waitForSelector(`#active-filters button.active-filter[data-filter="year:${year}"]`);
    const yearTotal = (await apiSearch(`${MANY} year:${year}`)).total;
    const body = await clickFacet(page, 'body', yearTotal + 1);
    await until(page, 'the URL has both filters', (want) => {
        const f = new URLSearchParams(location.search).getAll('f');
        return want.every((x) => f.includes(x));
    }, [`year:${year}`, `body:${body}`]);
    await until(page, `every hit is from ${body}`, (b) => {
        const bs = [...document.querySelectorAll('#hits li.hit .hit-body')].map((e) => e.textContent.trim());
        return bs.length > 0 && bs.every((x) => x.includes(b));
    }, body);
    await shot(page, 'facets');
    await page.click(`#active-filters button.active-filter[data-filter="year:${year}"]`);
    await until(page, 'the year filter is gone from the URL, the body filter kept', (want) => {
        const f = new URLSearchParams(location.search).getAll('f');
        return !f.includes(want[0]) && f.includes(want[1]);
    }, [`year:${year}`, `body:${body}`]);
    await until(page, `the hits are every year's of ${body}`, (b) => {
        const bs = [...document.querySelectorAll('#hits li.hit .hit-body')].map((e) => e.textContent.trim());
        return bs.length > 0 && bs.every((x) => x.includes(b));
    }, body);
});

test('timeline: an SVG bar per year; clicking one filters to that year', async (ctx) => {
    const page = await ctx.page();
    await go(page, `/?q=${MANY}`);
    const res = await apiSearch(MANY, { timeline: 1 });
    await page.waitForSelector('#timeline svg g.bar[data-year] rect');
    const bars = await page.$$eval('#timeline svg g.bar', (gs) => gs.map((g) => ({
        y: g.dataset.year, tab: g.getAttribute('tabindex'), role: g.getAttribute('role'), label: g.getAttribute('aria-label') || '' })));
    const years = Object.keys(res.timeline).filter((y) => res.timeline[y] > 0);
    for (const y of years)
        assert(bars.some((b) => b.y === y), `no g.bar for ${y} (bars: ${bars.map((b) => b.y).join(' ')})`);
    for (const b of bars) {
        assert(b.tab === '0' && b.role === 'button', `g.bar ${b.y}: tabindex "${b.tab}" role "${b.role}"`);
        assert(b.label.includes(b.y), `g.bar ${b.y}: aria-label "${b.label}" lacks the year`);
    }
    const y = years.sort((a, b) => res.timeline[a] - res.timeline[b])[years.length - 1];
    await page.click(`#timeline svg g.bar[data-year="${y}"]`);
    await until(page, `the URL has f=year:${y}`, (yy) => new URLSearchParams(location.search).getAll('f').includes(`year:${yy}`), y);
    await untilHits(page, await allIdsFor(`${MANY} year:${y}`), `after clicking the bar of ${y}`);
    for (const id of await pageIds(page))
        assert(String((await passage(id)).year) === y, `hit ${id} is not from ${y}`);
    await shot(page, 'timeline');
});

test('sort by date: newest first (dates non-increasing), then oldest first', async (ctx) => {
    const page = await ctx.page();
    await go(page, `/?q=${MANY}`);
    await untilHits(page, await allIdsFor(MANY), `?q=${MANY}`);
    for (const [sort, cmp] of [['date', (a, b) => a >= b], ['oldest', (a, b) => a <= b]]) {
        await page.select('#sort', sort);
        await until(page, `the URL has sort=${sort}`, (s) => new URLSearchParams(location.search).get('sort') === s, sort);
        await untilHits(page, await allIdsFor(MANY, { sort }), `sorted by ${sort}`);
        const dates = [];
        for (const id of await pageIds(page))
            dates.push((await passage(id)).date);
        for (let i = 1; i < dates.length; i++)
            assert(cmp(dates[i - 1], dates[i]), `sort=${sort}: dates out of order: ${dates.join(' ')}`);
    }
});

test('paging, one hit per meeting, decisions only: the URL and the hits follow each', async (ctx) => {
    const page = await ctx.page();
    await go(page, `/?q=${MANY}`);
    const all = await apiAllIds(MANY);
    assert(all.length > 10, `${MANY} has ${all.length} hits, want more than a page`);
    await untilHits(page, all.slice(0, 10), `?q=${MANY}`);
    const prev = await page.$eval('a#prev-page', (a) => a.getAttribute('aria-disabled')).catch(() => 'absent');
    assert(prev === 'absent' || prev === 'true', `a#prev-page on page 1 is neither absent nor aria-disabled (${prev})`);
    await page.click('nav#pager a#next-page');
    await until(page, 'the URL has page=2', () => new URLSearchParams(location.search).get('page') === '2');
    await untilHits(page, all.slice(10, 20), 'page 2');
    await page.click('nav#pager a#prev-page');
    await until(page, 'back on page 1', () => ['1', null].includes(new URLSearchParams(location.search).get('page')));
    await untilHits(page, all.slice(0, 10), 'page 1 again');
    await page.click('input#docs');
    await until(page, 'the URL has docs=1', () => new URLSearchParams(location.search).get('docs') === '1');
    await untilHits(page, await allIdsFor(MANY, { docs: 1 }), 'one hit per meeting');
    await page.click('input#docs');
    await until(page, 'docs=1 gone from the URL', () => new URLSearchParams(location.search).get('docs') !== '1');
    await page.click('button#decisions');
    await until(page, 'the URL has f=section:vedtak', () => new URLSearchParams(location.search).getAll('f').includes('section:vedtak'));
    assert(await page.$eval('button#decisions', (b) => b.getAttribute('aria-pressed')) === 'true', 'button#decisions is not aria-pressed=true');
    await untilHits(page, await allIdsFor(`${MANY} section:vedtak`), 'decisions only');
});

test('reading in context: a hit opens its item, the passage current, scrolled to, its words in <mark>', async (ctx) => {
    // Low, so that the passage is below the fold unless scrolled to.
    const page = await ctx.page({ width: 1000, height: 360 });
    await go(page, `/?q=${encodeURIComponent(DANISH)}`);
    const res = await apiSearch(DANISH);
    const ids = res.hits.filter((h) => h.match === 'all').map((h) => h.id);
    await untilHits(page, ids, `?q=${DANISH}`);
    // The hit furthest down its item, so that scrolling matters.
    let best = null;
    for (const id of ids) {
        const it = await api(`item/${id}`);
        const at = it.json.hits.findIndex((h) => h.id === id);
        if (!best || at > best.at)
            best = { id, item: it.json, at };
    }
    assert(best.at > 0, `every hit of ${DANISH} opens its item's first passage`);
    await page.click(`#hits li.hit[data-id="${best.id}"] a.hit-open`);
    await page.waitForSelector('#item-view li.passage.current');
    const p = await params(page);
    assert(p.view === 'item' && p.id === best.id, `the URL is not the item view of ${best.id}: ${JSON.stringify(p)}`);
    const cur = await page.$eval('#item-view li.passage.current', (li) => li.dataset.id);
    assert(cur === best.id, `the current passage is ${cur}, want ${best.id}`);
    const shownIds = await page.$$eval('#passages li.passage', (lis) => lis.map((li) => li.dataset.id));
    const wantIds = best.item.hits.map((h) => h.id);
    assert(JSON.stringify(shownIds) === JSON.stringify(wantIds), `passages ${shownIds.join(' ')}, want ${wantIds.join(' ')}`);
    const title = best.item.item_title || best.item.hits[0].title;
    const shownTitle = await page.$eval('h2#item-title', (h) => h.textContent);
    assert(!title || shownTitle.includes(title), `h2#item-title "${shownTitle}", want "${title}"`);
    formsOk(await marks(page, '#item-view li.passage.current'), DANISH_FORMS, 'the current passage');
    await until(page, 'the current passage is scrolled into view', () => {
        const r = document.querySelector('#item-view li.passage.current').getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight;
    });
    await shot(page, 'item');
    const n = (await marks(page, '#item-view')).length;
    await page.click('button#match-next');
    await until(page, 'a mark is active after "next match"', () => document.querySelectorAll('#item-view mark.active').length === 1);
    const first = await page.$eval('#item-view mark.active', (m) => [...document.querySelectorAll('#item-view mark')].indexOf(m));
    if (n > 1) {
        await page.click('button#match-next');
        await until(page, 'next match moves the active mark', (f) => {
            const m = document.querySelector('#item-view mark.active');
            return m && [...document.querySelectorAll('#item-view mark')].indexOf(m) !== f;
        }, first);
        await page.click('button#match-prev');
        await until(page, 'previous match moves it back', (f) => {
            const m = document.querySelector('#item-view mark.active');
            return m && [...document.querySelectorAll('#item-view mark')].indexOf(m) === f;
        }, first);
    }
    const src = await page.$eval('a#source-link', (a) => a.getAttribute('href'));
    const pg = best.item.hits.find((h) => h.id === best.id).page;
    assert(src.startsWith(`/api/source/${best.id}`) && (!pg || src.endsWith(`#page=${pg}`)), `a#source-link href "${src}"`);
    await page.waitForSelector('a#back');
    // The previous and next items of the meeting, as the API names them.
    for (const [sel, key] of [['a#item-prev', 'prev_item'], ['a#item-next', 'next_item']]) {
        assert(key in best.item, `/api/item has no ${key} (the API additions?)`);
        const href = await page.$eval(sel, (a) => a.getAttribute('href')).catch(() => null);
        if (best.item[key] === null)
            assert(href === null, `${sel} present ("${href}") at the end of the meeting`);
        else
            assert(href && href.includes(`id=${best.item[key]}`), `${sel} href "${href}", want the item of ${best.item[key]}`);
    }
});

test('precedent trail: a hit\'s case opens its trail, origin first, then later meetings in date order', async (ctx) => {
    const page = await ctx.page();
    await go(page, `/?q=${encodeURIComponent(C.TRAIL.word)}`);
    await untilHits(page, await allIdsFor(C.TRAIL.word), `?q=${C.TRAIL.word}`);
    const link = await page.$$eval('#hits li.hit a.hit-case', (as, c) => {
        const a = as.find((x) => x.textContent.includes(c));
        return a ? a.getAttribute('href') : null;
    }, C.TRAIL.case);
    assert(link, `no a.hit-case for ${C.TRAIL.case}`);
    await page.click(`#hits li.hit a.hit-case[href="${link}"]`);
    await page.waitForSelector('#trail-view ol#trail li.trail-entry');
    const p = await params(page);
    assert(p.view === 'case' && p.case === C.TRAIL.case, `the URL is not the trail of ${C.TRAIL.case}: ${JSON.stringify(p)}`);
    await page.waitForSelector('#trail-view svg#trail-timeline');
    const title = await page.$eval('h2#trail-title', (h) => h.textContent);
    assert(title.includes(C.TRAIL.case), `h2#trail-title "${title}" lacks ${C.TRAIL.case}`);
    const entries = await page.$$eval('#trail li.trail-entry', (lis) => lis.map((li) => ({
        date: li.dataset.date, origin: li.classList.contains('origin'),
        link: !!li.querySelector('a[href*="view=item"]') })));
    const dates = entries.map((e) => e.date);
    assert(entries[0].origin && entries[0].date === C.TRAIL.dates[0], `the first entry is not the origin of ${C.TRAIL.dates[0]}: ${JSON.stringify(entries[0])}`);
    assert(entries.filter((e) => e.origin).length === 1 || entries.filter((e) => e.origin).every((e) => e.date === C.TRAIL.dates[0]),
        'an entry from a later meeting is marked origin');
    for (let i = 1; i < dates.length; i++)
        assert(dates[i - 1] <= dates[i], `entries out of date order: ${dates.join(' ')}`);
    for (const d of C.TRAIL.dates)
        assert(dates.includes(d), `no entry of ${d}: ${dates.join(' ')}`);
    assert(entries.every((e) => e.link), 'an entry without a link to its item view');
    await shot(page, 'trail');
    // Typed: the query "sak 41/2024" opens the trail; the same query from
    // a link (a permalink) shows its hits and offers the trail.
    await go(page, '/');
    await typeSearch(page, `sak ${C.TRAIL.case}`);
    await until(page, `"sak ${C.TRAIL.case}" typed opens the trail`, (c) =>
        new URLSearchParams(location.search).get('view') === 'case' &&
        new URLSearchParams(location.search).get('case') === c && document.querySelector('#trail li.trail-entry'),
        C.TRAIL.case);
    await go(page, `/?q=${encodeURIComponent(`sak ${C.TRAIL.case}`)}`);
    await until(page, `/?q=sak ${C.TRAIL.case} from a link shows hits and offers the trail`, (c) =>
        document.querySelector('#hits li.hit') &&
        [...document.querySelectorAll('#case-offer a[href*="view=case"]')].some((a) => new URLSearchParams(a.getAttribute('href').split('?')[1]).get('case') === c),
        C.TRAIL.case);
});

function parseCsv(s) {
    const rows = [];
    let row = [], f = '', q = false;
    for (let i = 0; i < s.length; i++) {
        const c = s[i];
        if (q) {
            if (c === '"' && s[i + 1] === '"') { f += '"'; i++; } else if (c === '"') q = false; else f += c;
        } else if (c === '"') q = true;
        else if (c === ',') { row.push(f); f = ''; }
        else if (c === '\r' && s[i + 1] === '\n') { row.push(f); rows.push(row); row = []; f = ''; i++; }
        else f += c;
    }
    if (f !== '' || row.length) { row.push(f); rows.push(row); }
    return rows;
}

test('CSV export: #export downloads every hit, header first, rows in the order of the hits', async (ctx) => {
    const page = await ctx.page();
    await go(page, `/?q=${MANY}&sort=date`);
    const want = await apiAllIds(MANY, { sort: 'date' });
    await untilHits(page, want, `?q=${MANY}&sort=date`);
    const href = await page.$eval('a#export', (a) => a.getAttribute('href'));
    assert(href.startsWith('/api/export.csv?'), `a#export href "${href}"`);
    const hp = new URLSearchParams(href.split('?')[1]);
    assert((hp.get('q') || '').includes(MANY) && hp.get('sort') === 'date', `a#export href "${href}" is not the current search`);
    const r = await page.evaluate(async (h) => {
        const resp = await fetch(h);
        return { status: resp.status, type: resp.headers.get('content-type'), disp: resp.headers.get('content-disposition'), body: await resp.text() };
    }, href);
    assert(r.status === 200, `${href}: ${r.status} ${r.body.slice(0, 200)}`);
    assert(/^text\/csv/.test(r.type || ''), `Content-Type "${r.type}"`);
    assert(/attachment/.test(r.disp || '') && (r.disp || '').includes('referat-export.csv'), `Content-Disposition "${r.disp}"`);
    const rows = parseCsv(r.body);
    assert(rows[0].join(',') === 'body,date,case,item,section,page,text,path,link', `header "${rows[0].join(',')}"`);
    const data = rows.slice(1);
    assert(data.length === want.length, `${data.length} rows, want ${want.length} (every hit)`);
    const got = data.map((row) => new URLSearchParams((row[8] || '').split('?')[1]).get('id'));
    assert(data.every((row) => /^\/\?view=item&id=/.test(row[8])), `a link that is not /?view=item&id=: ${data.map((x) => x[8]).find((l) => !/^\/\?view=item&id=/.test(l))}`);
    assert(JSON.stringify(got) === JSON.stringify(want), `rows' ids ${got.slice(0, 5).join(' ')}..., want ${want.slice(0, 5).join(' ')}...`);
    for (const row of data.slice(0, 10)) {
        const h = await passage(got[data.indexOf(row)]);
        assert(row[0] === h.body && row[1] === h.date && row[6] === h.text, `row for ${h.id} does not match its passage: ${row.slice(0, 3).join(' | ')}`);
    }
});

test('permalink: a reload, and the same URL in a second page, show the same hits, query, sort and filter', async (ctx) => {
    const page = await ctx.page();
    const fac = await apiSearch(MANY, { facets: 'year', limit: 0 });
    const year = Object.keys(fac.facets.year).find((y) => fac.facets.year[y] > 1);
    const url = `/?q=${MANY}&f=year%3A${year}&sort=date`;
    await go(page, url);
    const want = await allIdsFor(`${MANY} year:${year}`, { sort: 'date' });
    await untilHits(page, want, url);
    const state = () => page.evaluate(() => ({
        ids: [...document.querySelectorAll('#hits li.hit')].map((li) => li.dataset.id).join(' '),
        q: document.querySelector('#q').value, sort: document.querySelector('#sort').value,
        filters: [...document.querySelectorAll('#active-filters button.active-filter')].map((b) => b.dataset.filter).join(' '),
    }));
    const before = await state();
    assert(before.q === MANY && before.sort === 'date' && before.filters === `year:${year}`, `the page does not show the URL's state: ${JSON.stringify(before)}`);
    await page.reload({ waitUntil: 'load' });
    await untilHits(page, want, `${url} reloaded`);
    const after = await state();
    assert(JSON.stringify(after) === JSON.stringify(before), `after a reload ${JSON.stringify(after)}, before ${JSON.stringify(before)}`);
    const other = await ctx.page();
    await go(other, url);
    await untilHits(other, want, `${url} in a second page`);
});

test('back and forward restore the previous searches and views', async (ctx) => {
    const page = await ctx.page();
    await go(page, '/');
    const a = await allIdsFor(DANISH);
    const b = await allIdsFor(MANY);
    await typeSearch(page, DANISH);
    await untilHits(page, a, `search ${DANISH}`);
    await typeSearch(page, MANY);
    await untilHits(page, b, `search ${MANY}`);
    await page.click(`#hits li.hit[data-id="${b[0]}"] a.hit-open`);
    await page.waitForSelector('#item-view li.passage.current');
    await withTimeout(page.goBack(), 10000, 'back');
    await untilHits(page, b, `back to ${MANY}`);
    await withTimeout(page.goBack(), 10000, 'back');
    await untilHits(page, a, `back to ${DANISH}`);
    assert(await page.$eval('#q', (e) => e.value) === DANISH, `#q after back is not ${DANISH}`);
    await withTimeout(page.goForward(), 10000, 'forward');
    await untilHits(page, b, `forward to ${MANY}`);
    assert(await page.$eval('#q', (e) => e.value) === MANY, `#q after forward is not ${MANY}`);
    await withTimeout(page.goForward(), 10000, 'forward');
    await until(page, 'forward to the item view', (id) => {
        const c = document.querySelector('#item-view li.passage.current');
        return c && c.dataset.id === id;
    }, b[0]);
});

test('keyboard only: / focuses the box, Enter searches, j/k and arrows select, Enter opens, a year bar by Enter', async (ctx) => {
    const page = await ctx.page();
    await go(page, '/');
    await page.waitForSelector('#q');
    const kb = page.keyboard;
    const active = () => page.evaluate(() => {
        const a = document.activeElement;
        return a ? `${a.localName}${a.id ? '#' + a.id : ''}${a.classList.length ? '.' + [...a.classList].join('.') : ''}` : '';
    });
    await kb.press('/');
    assert(await active() === 'input#q', `/ focused ${await active()}, not input#q`);
    await kb.type(DANISH);
    await kb.press('Enter');
    const ids = await allIdsFor(DANISH);
    await untilHits(page, ids, 'Enter in the box');
    // Out of the box (j would be typed there), as a keyboard user would.
    for (let i = 0; i < 5 && /^(input|textarea|select)/.test(await active()); i++)
        await kb.press('Tab');
    const selected = () => page.evaluate(() => [...document.querySelectorAll('#hits li.hit')].findIndex((li) => li.classList.contains('selected')));
    await kb.press('j');
    await until(page, 'j selects a hit', () => document.querySelectorAll('#hits li.hit.selected').length === 1);
    const s0 = await selected();
    await kb.press('j');
    await until(page, 'j moves the selection down', (s) => document.querySelector('#hits li.hit.selected') ===
        document.querySelectorAll('#hits li.hit')[s + 1], s0);
    await kb.press('k');
    await until(page, 'k moves it up', (s) => document.querySelector('#hits li.hit.selected') ===
        document.querySelectorAll('#hits li.hit')[s], s0);
    await kb.press('ArrowDown');
    await until(page, 'ArrowDown moves it down', (s) => document.querySelector('#hits li.hit.selected') ===
        document.querySelectorAll('#hits li.hit')[s + 1], s0);
    const id = await page.$eval('#hits li.hit.selected', (li) => li.dataset.id);
    await kb.press('Enter');
    await until(page, `Enter opens the selected hit ${id} (focus on ${await active()})`, (i) => {
        const c = document.querySelector('#item-view li.passage.current');
        return c && c.dataset.id === i;
    }, id);
    // Back to the hits, then Tab to a timeline bar and Enter.
    await withTimeout(page.goBack(), 10000, 'back');
    await untilHits(page, ids, 'back to the hits');
    let onBar = false;
    for (let i = 0; i < 80 && !onBar; i++) {
        await kb.press('Tab');
        onBar = await page.evaluate(() => !!(document.activeElement && document.activeElement.closest && document.activeElement.closest('#timeline g.bar')));
    }
    assert(onBar, 'no timeline bar reached by Tab');
    const year = await page.evaluate(() => document.activeElement.closest('g.bar').dataset.year);
    await kb.press('Enter');
    await until(page, `Enter on the bar filters to ${year}`, (y) => new URLSearchParams(location.search).getAll('f').includes(`year:${y}`), year);
});

test('360 px wide: no horizontal scrolling in the search, item and trail views', async (ctx) => {
    const page = await ctx.page({ width: 360, height: 740, isMobile: true, hasTouch: true });
    await go(page, `/?q=${MANY}`);
    const ids = await allIdsFor(MANY);
    await untilHits(page, ids, `?q=${MANY} at 360 px`);
    await page.waitForSelector('#facets section.facet');
    const width = () => page.evaluate(() => document.documentElement.scrollWidth);
    let w = await width();
    await shot(page, 'narrow-search');
    assert(w <= 360, `search view: scrollWidth ${w} > 360`);
    await go(page, `/?view=item&id=${ids[0]}&q=${MANY}`);
    await page.waitForSelector('#item-view li.passage.current');
    w = await width();
    await shot(page, 'narrow-item');
    assert(w <= 360, `item view: scrollWidth ${w} > 360`);
    await go(page, `/?view=case&case=${C.TRAIL.case}`);
    await page.waitForSelector('#trail li.trail-entry');
    w = await width();
    await shot(page, 'narrow-trail');
    assert(w <= 360, `trail view: scrollWidth ${w} > 360`);
});

test('æ, ø, å: every <mark> is exactly a form of the word searched, in the hits and the item', async (ctx) => {
    const page = await ctx.page();
    for (const [word, re] of [[C.NORDIC_WORD, C.NORDIC_FORMS], [DANISH, DANISH_FORMS], ['europæiske', /^europ[æe]isk(e)?$/i], ['måneder', /^m[åa]ned(er|erne|ene|en)?$/i]]) {
        await go(page, `/?q=${encodeURIComponent(word)}`);
        const res = await apiSearch(word);
        await untilHits(page, res.hits.filter((h) => h.match === 'all').map((h) => h.id), `?q=${word}`);
        formsOk(await marks(page, '#hits .hit-snippet'), re, `the hits for ${word}`);
    }
    // The item written with æ, ø and å before every søknad.
    const res = await apiSearch(C.NORDIC_WORD);
    const h = res.hits.find((x) => x.case === '42/2024');
    assert(h, 'no hit of case 42/2024 for søknad');
    await go(page, `/?view=item&id=${h.id}&q=${encodeURIComponent(C.NORDIC_WORD)}`);
    await page.waitForSelector('#item-view li.passage.current');
    const texts = await marks(page, '#item-view li.passage.current');
    formsOk(texts, C.NORDIC_FORMS, 'the item of case 42/2024');
    const want = h.highlights.map(([a, b]) => Buffer.from(h.text, 'utf8').subarray(a, b).toString('utf8'));
    assert(JSON.stringify(texts) === JSON.stringify(want), `marks ${JSON.stringify(texts)}, want the API's highlights ${JSON.stringify(want)}`);
});

test('a malformed query shows the API\'s message in #query-error; a good one clears it', async (ctx) => {
    const page = await ctx.page();
    await go(page, '/');
    const bad = '"ventetid';
    const r = await api('search', { q: bad });
    assert(r.status === 400, `the API answered ${r.status} to ${bad}`);
    await typeSearch(page, bad);
    await until(page, '#query-error shows a message', () => {
        const e = document.querySelector('#query-error');
        return e && !e.hidden && e.textContent.trim() !== '' && e.getClientRects().length > 0;
    });
    const msg = await page.$eval('#query-error', (e) => ({ text: e.textContent, role: e.getAttribute('role') }));
    assert(msg.text.includes(r.json.error.replace(/^bad query '.*?': /, '')), `#query-error "${msg.text}" lacks the API's "${r.json.error}"`);
    assert(msg.role === 'alert', `#query-error role "${msg.role}"`);
    await typeSearch(page, 'ventetid');
    await until(page, '#query-error cleared by a good query', () => {
        const e = document.querySelector('#query-error');
        return document.querySelector('#hits li.hit') && (e.hidden || e.textContent.trim() === '' || e.getClientRects().length === 0);
    });
}, { apiErrors: true });

test('nonsense in the URL shows #status.error, never a broken page', async (ctx) => {
    const page = await ctx.page();
    const urls = ['/?q=ventetid&page=-3', '/?q=ventetid&page=abc', '/?q=ventetid&sort=xyz', '/?view=nonsense',
        '/?view=item&id=ffffffffffffffff-99', '/?view=item', '/?view=case&case=999/2099', '/?view=case&case=abc',
        '/?q=ventetid&docs=banana', '/?q=ventetid&f=nofield'];
    const bad = [];
    for (const u of urls) {
        await go(page, u);
        try {
            await until(page, `${u}: #status.error with a message`, () => {
                const s = document.querySelector('#status');
                return s && s.classList.contains('error') && s.textContent.trim() !== '';
            }, undefined, 3000);
            await page.waitForSelector('form#search input#q', { timeout: 1000 });
        } catch (e) {
            bad.push(e.message.split('\n').slice(0, 2).join(' '));
        }
        if (u === '/?view=nonsense')
            await shot(page, 'error');
    }
    assert(bad.length === 0, bad.join('\n'));
}, { apiErrors: true });

test('no hits: #status.nohits names the words that matched nothing', async (ctx) => {
    const page = await ctx.page();
    const q = 'grautkjele zzqxy';
    await go(page, `/?q=${encodeURIComponent(q)}`);
    await until(page, '#status has class nohits', () => document.querySelector('#status.nohits'));
    const words = await page.$$eval('#status code.unmatched', (cs) => cs.map((c) => c.textContent).sort());
    assert(JSON.stringify(words) === '["grautkjele","zzqxy"]', `code.unmatched: ${JSON.stringify(words)}`);
    assert((await page.$$('#hits li.hit')).length === 0, 'hits shown for no hits');
    await shot(page, 'nohits');
});

test('no hits: a word near one the index has is offered as a link to the search with it', async (ctx) => {
    const page = await ctx.page();
    await go(page, `/?q=${encodeURIComponent('rehabilitring')}`);
    await until(page, '#status has class nohits', () => document.querySelector('#status.nohits'));
    const links = await page.$$eval('#status a.suggestion', (as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    assert(links.length === 1 && links[0][0] === 'rehabilitering' && /[?&]q=rehabilitering(&|$)/.test(links[0][1]),
        `a.suggestion: ${JSON.stringify(links)}`);
});

test('language: nb by default, da for a Danish browser, en by ?lang=en, the switch kept in the URL', async (ctx) => {
    const da = await ctx.page(undefined, (p) => p.evaluateOnNewDocument(() => {
        Object.defineProperty(navigator, 'languages', { get: () => ['da-DK', 'da', 'en'] });
        Object.defineProperty(navigator, 'language', { get: () => 'da-DK' });
    }));
    await go(da, '/');
    await until(da, 'html lang is da for a Danish browser', () => document.documentElement.lang === 'da');
    const page = await ctx.page();
    await go(page, '/?lang=en');
    await until(page, 'html lang is en with ?lang=en', () => document.documentElement.lang === 'en');
    assert(await page.$eval('select#lang', (s) => s.value) === 'en', 'select#lang is not en');
    const label = await page.$eval('label[for=q]', (l) => l.textContent);
    await page.select('select#lang', 'nb');
    await until(page, 'the switch to nb: html lang nb and lang=nb in the URL', () =>
        document.documentElement.lang === 'nb' && new URLSearchParams(location.search).get('lang') === 'nb');
    const nb = await page.$eval('label[for=q]', (l) => l.textContent);
    assert(nb !== label, `the label of #q is "${nb}" in both en and nb`);
});

// Accessibility of each view: axe-core, no serious or critical violation.
const VIEWS = [
    ['search with hits', `/?q=${MANY}`, '#hits li.hit'],
    ['facets active', `/?q=${MANY}&f=year%3A2022&f=section%3Avedtak`, '#active-filters button.active-filter'],
    ['item view', null, '#item-view li.passage.current'],
    ['trail view', `/?view=case&case=${C.TRAIL.case}`, '#trail li.trail-entry'],
    ['no hits', '/?q=zzqxy', '#status.nohits'],
    ['error', '/?view=nonsense', '#status.error'],
];
for (const [view, url, ready] of VIEWS) {
    test(`accessibility (axe-core): ${view}, no serious or critical violation`, async (ctx) => {
        const page = await ctx.page();
        const u = url || `/?view=item&id=${(await allIdsFor(DANISH))[0]}&q=${encodeURIComponent(DANISH)}`;
        await go(page, u);
        await page.waitForSelector(ready);
        const vs = await axe(page);
        assert(vs.length === 0, axeReport(`${view} (${u})`, vs));
    }, { apiErrors: view === 'error' });
}

/* ---------- XSS ---------- */

test(`XSS: the ${C.PAYLOADS.length} payloads and ${C.FILE_PAYLOADS.length} file names reached the index (titles, text, bodies, paths)`, async () => {
    const missing = [];
    for (let g = 0; g < C.GROUPS; g++) {
        const r = await apiSearch(C.codeWord(g));
        if (r.total !== C.ITEMS)
            missing.push(`${C.codeWord(g)} found ${r.total} passages, want ${C.ITEMS}`);
        for (let j = 0; j < C.ITEMS; j++) {
            const p = C.PAYLOADS[g * C.ITEMS + j];
            if (!r.hits.some((h) => h.title && h.title.includes(p) && h.text.includes(p)))
                missing.push(`title and text: ${p}`);
        }
        const bp = C.PAYLOADS[(g * C.ITEMS + 2) % C.PAYLOADS.length];
        // body_text as written; body is normalized ("alert" repaired).
        if (!r.hits.every((h) => h.body_text.includes(bp)))
            missing.push(`body: ${bp}`);
        if (C.FILE_PAYLOADS[g] && !r.hits.every((h) => h.path.includes(C.FILE_PAYLOADS[g])))
            missing.push(`file name: ${C.FILE_PAYLOADS[g]}`);
    }
    assert(missing.length === 0, `payloads not in the index:\n${missing.join('\n')}`);
});

test('XSS: the search views of the payload meetings (hits, facets, timeline) run nothing and show the payloads as text', async (ctx) => {
    const page = await ctx.page();
    for (let g = 0; g < C.GROUPS; g++) {
        const w = C.codeWord(g);
        await go(page, `/?q=${w}`);
        await untilHits(page, await allIdsFor(w), `?q=${w}`);
        await page.waitForSelector('#facets section.facet[data-field=body] button.facet-value');
        await safe(page, `?q=${w}`);
        const text = normalized(await page.evaluate(() => document.body.innerText));
        for (let j = 0; j < C.ITEMS; j++) {
            const p = C.PAYLOADS[g * C.ITEMS + j];
            assert(text.includes(normalized(p)), `?q=${w}: the payload is not shown as text: ${p}`);
        }
    }
    await shot(page, 'xss-search');
}, { timeout: 90000 });

test('XSS: the item views (with the file names) and the trail of the payload meetings run nothing', async (ctx) => {
    const page = await ctx.page();
    for (let g = 0; g < C.GROUPS; g++) {
        const w = C.codeWord(g);
        const p = C.PAYLOADS[g * C.ITEMS + (g % C.ITEMS)];
        const h = (await apiSearch(w)).hits.find((x) => x.title && x.title.includes(p));
        assert(h, `no hit with the payload in its title: ${p}`);
        const id = h.id;
        await go(page, `/?view=item&id=${id}&q=${w}`);
        await page.waitForSelector('#item-view li.passage.current');
        await safe(page, `item ${id}`);
        const text = normalized(await page.evaluate(() => document.body.innerText));
        assert(text.includes(normalized(p)), `item ${id}: the payload is not shown as text: ${p}`);
    }
    await go(page, `/?view=case&case=${C.xssCase(0, 0)}`);
    await page.waitForSelector('#trail li.trail-entry');
    await safe(page, `the trail of ${C.xssCase(0, 0)}`);
    const n = (await page.$$('#trail li.trail-entry')).length;
    assert(n >= C.GROUPS, `the trail of ${C.xssCase(0, 0)} has ${n} entries, want at least ${C.GROUPS}`);
    await shot(page, 'xss-trail');
}, { timeout: 90000 });

test('XSS: payloads typed as queries run nothing', async (ctx) => {
    const page = await ctx.page();
    await go(page, '/');
    for (const p of C.PAYLOADS.slice(0, 24)) {
        await page.$eval('#q', (el) => { el.value = ''; });
        await page.focus('#q');
        await page.keyboard.sendCharacter(p);
        await page.keyboard.press('Enter');
        await until(page, `the search for ${p} answered`, (q) =>
            new URLSearchParams(location.search).get('q') === q &&
            (document.querySelector('#hits li.hit') || (document.querySelector('#status') || {}).textContent ||
             (document.querySelector('#query-error') || {}).textContent), p);
        await safe(page, `query ${p}`);
    }
}, { timeout: 90000, apiErrors: true });

test('XSS: payloads in every URL parameter run nothing and break nothing', async (ctx) => {
    const page = await ctx.page();
    const enc = encodeURIComponent;
    for (const p of C.PAYLOADS.slice(24, 44)) {
        for (const u of [`/?q=${enc(p)}`, `/?q=zqbux&f=${enc(p)}`, `/?q=zqbux&f=body%3A${enc(p)}`, `/?view=item&id=${enc(p)}&q=${enc(p)}`,
            `/?view=case&case=${enc(p)}`, `/?q=zqbux&sort=${enc(p)}&page=${enc(p)}&lang=${enc(p)}`]) {
            await go(page, u);
            await until(page, `${u} answered`, () => document.querySelector('#hits li.hit') ||
                (document.querySelector('#status') || {}).textContent || (document.querySelector('#query-error') || {}).textContent, undefined, 5000);
            await safe(page, u);
        }
    }
}, { timeout: 90000, apiErrors: true });

/* ---------- last: the server down ---------- */

// Answers to /api/search held back or replaced in the browser (request
// interception), since a real server is neither slow nor busy on cue.
async function interceptSearch(page, how) {
    await page.setRequestInterception(true);
    page.on('request', (req) => {
        if (!req.url().includes('/api/search'))
            return req.continue();
        if (how === 'slow')
            return setTimeout(() => req.continue().catch(() => {}), 4500);
        return req.respond({
            status: 503, contentType: 'application/json',
            body: JSON.stringify({ error: 'the index is being rebuilt' }),
        });
    });
}

test('a slow answer shows "still searching" in #status, then the hits; a 503 says the index is busy', async (ctx) => {
    const slow = await ctx.page(undefined, (p) => interceptSearch(p, 'slow'));
    await go(slow, '/?q=ventetid&lang=en');
    await until(slow, '#status.slow says it is still searching',
        () => { const s = document.querySelector('#status.slow'); return s && /still searching/i.test(s.textContent); }, null, 4400);
    await untilHits(slow, await allIdsFor('ventetid'), 'the slow ?q=ventetid');
    const after = await slow.$eval('#status', (s) => s.className + ' ' + s.textContent);
    assert(!/still searching/i.test(after), `#status still says it is searching once the hits came: ${after}`);
    // A search under way must not move the controls: a click aimed at one
    // would land on another (what a hit list that jumps does to a user).
    const box = () => slow.$eval('button#decisions', (b) => { const r = b.getBoundingClientRect(); return `${r.x},${r.y}`; });
    const before = await box();
    const perMeeting = await allIdsFor('ventetid', { docs: 1 });
    await slow.click('input#docs');
    await until(slow, '#status says it is searching', () => document.querySelector('#status.loading, #status.slow'));
    const during = await box();
    assert(during === before, `button#decisions moved from ${before} to ${during} while searching`);
    await untilHits(slow, perMeeting, 'the slow ?q=ventetid&docs=1', 4500 + WAIT_MS);
    assert(await box() === before, `button#decisions moved from ${before} once the hits came`);
    const busy = await ctx.page(undefined, (p) => interceptSearch(p, 'busy'));
    await go(busy, '/?q=ventetid&lang=en');
    await until(busy, '#status.error says the index is busy or rebuilt',
        () => { const s = document.querySelector('#status.error'); return s && /busy|rebuilt/i.test(s.textContent); });
    await shot(busy, 'index-busy');
}, { apiErrors: true, timeout: 40000 });

test('the server down: a search says so in #status.error; the server had stopped cleanly', async (ctx) => {
    const page = await ctx.page();
    await go(page, '/?q=ventetid');
    await untilHits(page, await allIdsFor('ventetid'), '?q=ventetid');
    const stopped = await stopServer();
    await typeSearch(page, DANISH);
    await until(page, '#status.error says the server cannot be reached', () => {
        const s = document.querySelector('#status.error');
        return s && /server|tjener|tjenar|serveren/i.test(s.textContent);
    });
    await shot(page, 'server-down');
    assert(stopped && stopped.code === 0, `referat-serve exited with ${stopped && stopped.code} on SIGTERM: ${stopped && stopped.stderr.slice(-400)}`);
}, { apiErrors: true });

/* ---------- the run ---------- */

async function main() {
    for (const [what, p] of [['puppeteer-core', MODULES], ['Chromium', CHROMIUM]])
        if (!fs.existsSync(p)) {
            console.log(`Bail out! no ${what} at ${p}`);
            process.exit(1);
        }
    const db = buildIndex();
    BASE = await startServer(db);
    console.log(`# referat-serve (pid ${server.pid}) at ${BASE}; screenshots in ${SHOTS}`);
    browser = await withTimeout(puppeteer.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [...(process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : []), '--lang=nb-NO', '--accept-lang=nb-NO,nb,en', '--disable-gpu'],
        env: { ...process.env, LANGUAGE: 'nb', LANG: 'nb_NO.UTF-8' },
        protocolTimeout: 30000,
        timeout: 30000,
    }), 40000, 'launching Chromium');
    for (const c of cases) {
        if (ONLY && !ONLY.test(c.name))
            continue;
        current = c.name;
        const ctx = new Ctx(c.opts);
        let err = null;
        try {
            await withTimeout(c.fn(ctx), c.opts.timeout || CASE_MS, 'the case');
        } catch (e) {
            err = e;
        }
        // Errors logged by a page arrive asynchronously: a moment to let them.
        await new Promise((r) => setTimeout(r, 100));
        await ctx.close();
        const diag = [];
        if (err)
            diag.push(err.stack && !(err.message || '').includes('\n') ? err.stack.split('\n').slice(0, 3).join('\n') : err.message);
        diag.push(...ctx.errors.slice(0, 10));
        tap(!err && ctx.errors.length === 0, c.name, diag);
        current = null;
    }
    await withTimeout(browser.close(), 10000, 'closing Chromium').catch(() => {});
    await stopServer();
    clearTimeout(watchdog);
    console.log(`1..${caseNo}`);
    process.exit(failed ? 1 : 0);
}

main().catch((e) => {
    if (current)
        tap(false, current, [e.message]);
    console.log(`1..${caseNo}`);
    console.log(`Bail out! ${e.message.split('\n')[0]}`);
    process.exit(1);
});
