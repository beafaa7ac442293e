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
    env: { ...process.env, RUST_LOG: 'warn', LEPTOS_SITE_ROOT: join(root, 'target', 'site') },
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
