// What a screen reader hears as the room moves: the page's one polite live
// region says a new stage at once, new contributions as counts at most
// every ten seconds, a countdown at one minute and at zero; focus stays on
// the control it was on when a list is refreshed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, phone, api, newDialogue } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const said = (page) => page.locator('#announce').innerText();

test('the live region announces, throttled, and focus stays put', { timeout: 120000 }, async () => {
  const d = await newDialogue(server, 'Heard dialogue');
  const asker = await d.someone();
  const ask = (text) => api(server.base, 'POST', `/api/v1/dialogues/${d.id}/questions`, { token: asker, body: { text } });
  const page = await (await browser.newContext(phone)).newPage();
  await page.goto(`${server.base}/j/${d.code}`);
  await page.fill('#name', 'Ada');
  await page.click('button[type=submit]');
  await page.waitForSelector('.conn:not(.down):not(.still)');
  assert.equal(await page.locator('#announce[aria-live=polite]').count(), 1);
  assert.equal(await said(page), '', 'nothing is said before anything happens');

  // A stage change is said at once, with the item's title.
  await d.stage(3);
  await page.waitForFunction(() => document.querySelector('#announce').textContent === 'Now: Clarifying questions');

  // The first news is said at once; more within ten seconds waits, and is
  // then said as one count, never as the list.
  await ask('Who pays for prevention?');
  await page.waitForFunction(() => document.querySelector('#announce').textContent === 'Questions: 1 more.');
  const firstNews = Date.now();
  await ask('Which ministry leads?');
  await ask('What does the Senate say?');
  await page.waitForSelector('.item:has-text("What does the Senate say?")');
  assert.equal(await said(page), 'Questions: 1 more.', 'the next news waits');
  await page.waitForFunction(() => document.querySelector('#announce').textContent === 'Questions: 2 more.', null, { timeout: 15000 });
  assert.ok(Date.now() - firstNews >= 9000, `at most one piece of news every ten seconds (${Date.now() - firstNews} ms)`);

  // Focus on a button without an id survives a refresh of its list.
  const upvote = page.locator('.item', { hasText: 'Which ministry leads?' }).locator('button');
  await upvote.focus();
  await ask('Is there a budget?');
  await page.waitForSelector('.item:has-text("Is there a budget?")');
  assert.equal(await page.evaluate(() => document.activeElement?.closest('.item')?.textContent.includes('Which ministry leads?')), true,
    'focus stayed on the same item\'s button');

  // A countdown is said at a minute left and at zero.
  await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/countdown`, { token: d.key, body: { seconds: 61 } });
  await page.waitForFunction(() => document.querySelector('#announce').textContent === 'One minute left.', null, { timeout: 10000 });
  await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/countdown`, { token: d.key, body: { seconds: 2 } });
  await page.waitForFunction(() => document.querySelector('#announce').textContent === 'Time is up.', null, { timeout: 10000 });
});
