// The projector rides out a server restart: it shows that it is
// reconnecting, then comes back by itself and shows new items.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, projector, api, shot } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('the projector reconnects after a restart and shows new items', async () => {
  const { id, facilitator_key: key } = (await api(server.base, 'POST', '/api/v1/dialogues', { token: server.organiser, body: { title: 'Restart' } })).body;
  await api(server.base, 'POST', `/api/v1/dialogues/${id}/stage`, { token: key, body: { index: 1 } });
  const person = (await api(server.base, 'POST', `/api/v1/dialogues/${id}/participants`, { body: {} })).body;
  await api(server.base, 'PUT', `/api/v1/dialogues/${id}/hope`, { token: person.token, body: { text: 'before the restart' } });

  const ctx = await browser.newContext(projector);
  const page = await ctx.newPage();
  await page.goto(`${server.base}/p/${id}`);
  await page.waitForSelector('.wall.hope li:has-text("before the restart")');
  await page.waitForSelector('.conn:not(.down):not(.still)');
  await page.evaluate(() => { window.__stayed = true; });

  const { db, base } = server;
  await server.stop();
  await page.waitForSelector('.conn.down', { timeout: 10000 });
  await shot(page, 'projector-reconnecting');
  server = await startServer(db, base.replace('http://', ''));
  assert.equal(server.base, base);
  await page.waitForSelector('.conn:not(.down):not(.still)', { timeout: 15000 });
  await api(server.base, 'PUT', `/api/v1/dialogues/${id}/concern`, { token: person.token, body: { text: 'after the restart' } });
  await page.waitForSelector('.wall.concern li:has-text("after the restart")', { timeout: 5000 });
  assert.equal(await page.evaluate(() => window.__stayed === true), true);
  await ctx.close();
});
