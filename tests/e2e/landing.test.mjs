// The landing page: served, hydrated, and its join form working with and without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, phone, projector, shot, api } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('the landing page hydrates its code field on a phone', async () => {
  const ctx = await browser.newContext(phone);
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.base + '/');
  await page.waitForLoadState('networkidle');
  await page.locator('#code').pressSequentially('k7m');
  // Only the island's code upper-cases as people type and shows the hint.
  await assert.doesNotReject(page.waitForFunction(() => document.querySelector('#code').value === 'K7M', null, { timeout: 5000 }));
  assert.equal(await page.locator('.hint.visible').count(), 1);
  await shot(page, 'landing-phone');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('an unknown code comes back with an error, without JavaScript', async () => {
  const ctx = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(server.base + '/');
  await page.fill('#code', 'ZZZZZZ');
  await page.click('button[type=submit]');
  await page.waitForURL(/error=unknown_code/);
  assert.match(await page.locator('[role=alert]').innerText(), /No dialogue has that code/);
  await ctx.close();
});

test('a known code leads to its dialogue', async () => {
  const created = await api(server.base, 'POST', '/api/v1/dialogues', { token: server.organiser, body: { title: 'Landing test' } });
  assert.equal(created.status, 201);
  const ctx = await browser.newContext(projector);
  const page = await ctx.newPage();
  await page.goto(server.base + '/');
  await page.fill('#code', created.body.code.toLowerCase());
  await page.click('button[type=submit]');
  await page.waitForURL(new RegExp(`/j/${created.body.code}$`));
  assert.equal(await page.locator('h1').innerText(), 'Landing test');
  await ctx.close();
});
