// Starts the release binary on a free port with a fresh database, and
// Debian's Chromium through playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const screenshots = join(root, 'tests', 'e2e', 'screenshots');

export function tempDb() {
  return join(mkdtempSync(join(tmpdir(), 'convene-e2e-')), 'convene.sqlite3');
}

const binary = join(root, 'target', 'release', 'convene');

// An organiser key for a database, made by `convene organiser add` (the key is its last line).
export function addOrganiser(db, name = 'e2e') {
  const out = execFileSync(binary, ['organiser', 'add', name, '--db', db], { cwd: root, encoding: 'utf8' });
  return out.trim().split('\n').pop().trim();
}

export async function startServer(db = tempDb(), addr = '127.0.0.1:0') {
  const organiser = addOrganiser(db, `e2e-${Math.random().toString(36).slice(2)}`);
  const child = spawn(join(root, 'target', 'release', 'convene'), ['--addr', addr, '--db', db], {
    cwd: root,
    // The site comes from inside the binary, as in production.
    env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'LEPTOS_SITE_ROOT')), RUST_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start')), 30000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = line.match(/^convene listening on (\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
  return {
    base,
    db,
    organiser,
    async stop() {
      if (child.exitCode !== null) return;
      const done = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await done;
    },
  };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const projector = { viewport: { width: 1920, height: 1080 } };

export async function shot(page, name) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`) });
}

export async function api(base, method, path, { token, body } = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

// A dialogue made through the API by the server's organiser, with helpers
// to move its agenda, read its summary and seat someone through the API.
export async function newDialogue(server, title) {
  const created = await api(server.base, 'POST', '/api/v1/dialogues', { token: server.organiser, body: { title, themes: ['Media', 'Education'] } });
  const { id, code, facilitator_key: key } = created.body;
  const stage = (index) => api(server.base, 'POST', `/api/v1/dialogues/${id}/stage`, { token: key, body: { index } });
  const summary = async () => (await api(server.base, 'GET', `/api/v1/dialogues/${id}/summary`)).body;
  const someone = async () => (await api(server.base, 'POST', `/api/v1/dialogues/${id}/participants`, { body: {} })).body.token;
  return { id, code, key, stage, summary, someone };
}

const axeSource = readFileSync(join(root, 'tests', 'e2e', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
/// The WCAG 2.2 A and AA rules axe-core checks.
export const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// axe-core's WCAG 2.2 A/AA violations on the page as it is now, each as
// "rule: target (summary)". The page's own policy blocks inline scripts,
// so axe goes in through the debugging protocol, not a script tag.
export async function axe(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), wcag);
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${n.failureSummary.split('\n').slice(1, 2).join('').trim()})`));
}

// Rates `v` on a participant's page (with or without JavaScript) and waits
// until the page shows that rating saved.
export async function rate(page, v) {
  await page.locator(`#rating input[name=value][value="${v}"]`).check();
  await page.locator('#rating button[type=submit]').click();
  await page.waitForSelector(`#rating[data-rating="${v}"] input[value="${v}"]:checked`);
}

// axe-core's enhanced contrast rule with every text held to 7:1, whatever
// its size (the projector's body text is large, and must still reach 7:1).
export async function contrast7(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => {
    window.axe.configure({ checks: [{ id: 'color-contrast-enhanced', options: {
      ignoreUnicode: true, ignoreLength: false, ignorePseudo: false, boldValue: 700, boldTextPt: 100000, largeTextPt: 100000,
      contrastRatio: { normal: { expected: 7 }, large: { expected: 7 } }, pseudoSizeThreshold: 0.25, shadowOutlineEmMax: 0.1, textStrokeEmMin: 0.03,
    } }] });
    return window.axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast-enhanced'] } });
  });
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${n.any.map((c) => c.message).join(' ')})`));
}

// Text on the projector drawn smaller than `min` CSS px (an SVG label's
// size is its font size times the figure's scale); hidden text and text
// only for screen readers are left out.
export async function smallText(page, min) {
  return page.evaluate((min) => {
    const out = [];
    for (const el of document.querySelectorAll('.projector *')) {
      if (el.closest('.sr-only')) continue;
      if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
      const box = el.getBoundingClientRect();
      if (!box.width || !box.height) continue;
      let size = parseFloat(getComputedStyle(el).fontSize);
      if (el instanceof SVGElement) size *= el.getScreenCTM().a;
      if (size < min - 0.5) out.push(`${el.tagName.toLowerCase()} ${size.toFixed(1)}px "${el.textContent.trim().slice(0, 30)}"`);
    }
    return out;
  }, min);
}

// Signs a page in as the server's organiser, through the sign-in form.
export async function signInOrganiser(page, server) {
  await page.goto(`${server.base}/o`);
  await page.fill('#key', server.organiser);
  await page.click('form[action="/o/signin"] button[type=submit]');
  await page.waitForURL(/\/o$/);
}
