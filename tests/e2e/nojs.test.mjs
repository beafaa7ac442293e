// The participant flow with JavaScript off: every action is a plain form
// that posts and redirects back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, phone, api, shot, rate } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('a participant takes part with JavaScript disabled', async () => {
  const created = await api(server.base, 'POST', '/api/v1/dialogues', { token: server.organiser, body: { title: 'Without scripts', themes: ['Media', 'Education'] } });
  const { id, code, facilitator_key: key } = created.body;
  const stage = (index) => api(server.base, 'POST', `/api/v1/dialogues/${id}/stage`, { token: key, body: { index } });
  const other = await api(server.base, 'POST', `/api/v1/dialogues/${id}/participants`, { body: {} });

  const ctx = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(`${server.base}/`);
  await page.fill('#code', code.toLowerCase());
  await page.click('button[type=submit]');
  await page.fill('#name', 'Dana');
  await page.selectOption('#sector', 'media');
  await page.click('button[type=submit]');
  await page.waitForSelector('#stage');

  await stage(1);
  await page.reload();
  await page.fill('#text-hope', 'A hope sent by a plain form');
  await page.locator('form:has(#text-hope) button').click();
  await page.waitForURL(/saved=hope/);
  assert.equal(await page.inputValue('#text-hope'), 'A hope sent by a plain form');
  assert.equal(await page.locator('form:has(#text-hope) .saved').innerText(), 'Saved: “A hope sent by a plain form”');
  // The connection drops on the next Post; Back shows the unsent words, and
  // the only "Saved" on the page quotes what the server really holds.
  await page.route('**/act', (route) => route.abort('internetdisconnected'));
  await page.fill('#text-hope', 'A better hope, not yet sent');
  await page.locator('form:has(#text-hope) button').click().catch(() => {});
  await page.waitForURL(/^chrome-error:/);
  await page.goBack();
  await page.unroute('**/act');
  assert.equal(await page.inputValue('#text-hope'), 'A better hope, not yet sent');
  assert.deepEqual(await page.locator('.saved').allInnerTexts(), ['Saved: “A hope sent by a plain form”']);
  await page.locator('form:has(#text-hope) button').click();
  await page.waitForURL(/saved=hope/);
  assert.equal(await page.locator('form:has(#text-hope) .saved').innerText(), 'Saved: “A better hope, not yet sent”');
  // An empty concern is refused with a clear message and nothing is lost.
  await page.fill('#text-concern', '   ');
  await page.locator('form:has(#text-concern) button').click();
  await page.waitForURL(/error=empty_field/);
  assert.match(await page.locator('[role=alert]').innerText(), /write something/);
  // Too long: the text comes back to be shortened.
  const long = 'x'.repeat(501);
  await page.locator('#text-concern').evaluate((el, v) => { el.removeAttribute('maxlength'); el.value = v; }, long);
  await page.locator('form:has(#text-concern) button').click();
  await page.waitForURL(/error=too_long/);
  assert.equal(await page.inputValue('#text-concern'), long);
  // The error is at the top, linking to the field, and said again at the field itself.
  assert.match(await page.locator('.error-summary a[href="#text-concern"]').innerText(), /too long/);
  assert.equal(await page.getAttribute('#text-concern', 'aria-invalid'), 'true');
  assert.match(await page.getAttribute('#text-concern', 'aria-describedby'), /text-concern-error/);
  assert.match(await page.locator('#text-concern-error').innerText(), /too long/);
  assert.equal(await page.locator('#text-hope[aria-invalid]').count(), 0, 'only the refused field is marked');

  await stage(3);
  await api(server.base, 'POST', `/api/v1/dialogues/${id}/questions`, { token: other.body.token, body: { text: 'Who pays?' } });
  await page.reload();
  await page.locator('.item', { hasText: 'Who pays?' }).locator('button', { hasText: 'Upvote' }).click();
  await page.waitForURL(/saved=vote/);
  await page.waitForSelector('.item:has-text("Who pays?") button[aria-pressed="true"]');

  await stage(4);
  await page.reload();
  await rate(page, 2);

  await stage(5);
  await page.reload();
  await page.fill('#text-recommendation', 'Fund local newsrooms');
  await page.selectOption('#theme', 'Media');
  await page.locator('form:has(#text-recommendation) button').click();
  await page.waitForURL(/saved=recommendation/);
  await shot(page, 'phone-nojs-recommendations');
  // A long theme shows its top ten, and the whole theme on demand.
  for (let i = 0; i < 12; i++) {
    await api(server.base, 'POST', `/api/v1/dialogues/${id}/recommendations`, { token: other.body.token, body: { text: `Education idea ${i}`, theme: 'Education' } });
  }
  await page.reload();
  assert.equal(await page.locator('.theme:has(h3:has-text("Education")) .item').count(), 10);
  await page.locator('.theme:has(h3:has-text("Education")) a.see-all').click();
  assert.equal(await page.locator('.theme:has(h3:has-text("Education")) .item').count(), 12);

  // Withdraw the recommendation from "your contributions".
  await page.locator('.mine .item', { hasText: 'Fund local newsrooms' }).locator('button', { hasText: 'Withdraw' }).click();
  await page.waitForURL(/saved=withdraw/);

  const summary = (await api(server.base, 'GET', `/api/v1/dialogues/${id}/summary`)).body;
  assert.equal(summary.hopes.count, 1);
  assert.equal(summary.concerns.count, 0);
  assert.equal(summary.questions.items[0].votes, 1);
  assert.deepEqual(summary.resonance.histogram, [0, 1, 0, 0, 0]);
  assert.equal(summary.recommendations.count, 12, "the withdrawn one is gone; the other participant's twelve remain");
  await ctx.close();
});
