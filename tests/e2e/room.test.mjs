// What a busy room does to a page: others post while she types, the
// facilitator closes and publishes while pages are open, long unbroken
// pastes, a mistyped join link; with JavaScript unless said otherwise.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, phone, projector, api, shot, newDialogue } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const dialogue = (title) => newDialogue(server, title);

async function join(ctx, d, name) {
  const page = await ctx.newPage();
  await page.goto(`${server.base}/j/${d.code}`);
  await page.fill('#name', name);
  await page.click('button[type=submit]');
  await page.waitForSelector('#stage');
  return page;
}

test('what she typed and did not send survives the room moving on', async () => {
  const d = await dialogue('Typing while the room moves');
  const ctx = await browser.newContext(phone);
  const page = await join(ctx, d, 'Amira');
  await d.stage(1);
  await page.waitForSelector('#text-hope:not([disabled])');
  await page.waitForSelector('.conn:not(.down):not(.still)');
  // A hope typed, not sent; the concern sent: the hope stays in its box.
  await page.fill('#text-hope', 'A hope still being written');
  await page.fill('#text-concern', 'A concern sent');
  await page.locator('form:has(#text-concern) button').click();
  await page.waitForSelector('form:has(#text-concern) .saved');
  assert.equal(await page.inputValue('#text-hope'), 'A hope still being written');

  // Recommendations: text typed and a theme chosen, the focus on the
  // theme, while someone else posts and the list refreshes.
  await d.stage(5);
  await page.waitForSelector('#stage[data-current="5"]');
  await page.fill('#text-recommendation', 'Fund local newsrooms');
  await page.selectOption('#theme', 'Media');
  await page.focus('#theme');
  const other = await d.someone();
  await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/recommendations`, { token: other, body: { text: 'Teach it in schools', theme: 'Education' } });
  await page.waitForSelector('text=Teach it in schools');
  assert.equal(await page.inputValue('#text-recommendation'), 'Fund local newsrooms');
  assert.equal(await page.inputValue('#theme'), 'Media');
  // Endorsing another item keeps the unsent recommendation too.
  await page.locator('.item', { hasText: 'Teach it in schools' }).locator('button', { hasText: 'Endorse' }).click();
  await page.waitForSelector('.item:has-text("Teach it in schools") button[aria-pressed="true"]');
  assert.equal(await page.inputValue('#text-recommendation'), 'Fund local newsrooms');
  assert.equal(await page.inputValue('#theme'), 'Media');
  await ctx.close();
});

test('closing and publishing reach open pages without a reload', async () => {
  const d = await dialogue('Closing while watched');
  const ctx = await browser.newContext(phone);
  const page = await join(ctx, d, 'Ben');
  await page.waitForSelector('.conn:not(.down):not(.still)');
  const screen = await (await browser.newContext(projector)).newPage();
  await screen.goto(`${server.base}/p/${d.id}`);
  await screen.waitForSelector('.conn:not(.down):not(.still)');
  await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/close`, { token: d.key });
  await page.waitForFunction(() => document.querySelector('.conn')?.textContent === 'Closed');
  await screen.waitForFunction(() => document.querySelector('.conn')?.textContent === 'Closed');
  await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/publish`, { token: d.key });
  await page.waitForSelector('a:has-text("Read the report")');
  await ctx.close();
});

test('long unbroken texts wrap everywhere, and an answer always shows', async () => {
  const d = await dialogue('Long pastes');
  const p = await d.someone();
  const q = await d.someone();
  const url = 'https://example.org/' + 'a'.repeat(470);
  await d.stage(1);
  await api(server.base, 'PUT', `/api/v1/dialogues/${d.id}/hope`, { token: p, body: { text: url } });
  await d.stage(3);
  const long = 'Why is the report so long? '.repeat(14).trim();
  const asked = (await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/questions`, { token: q, body: { text: long } })).body.id;
  await api(server.base, 'PUT', `/api/v1/dialogues/${d.id}/questions/${asked}/answer`, { token: d.key, body: { text: 'Because the subject is.' } });
  for (let i = 0; i < 7; i++) {
    await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/questions`, { token: p, body: { text: `Question ${i}` } });
  }

  const screen = await (await browser.newContext(projector)).newPage();
  await screen.goto(`${server.base}/p/${d.id}`);
  const answer = screen.locator('.questions li.answered .answer').first();
  assert.ok(await answer.isVisible(), 'the answer shows under a long question');
  assert.match(await answer.innerText(), /Because the subject is/);
  assert.equal(await screen.locator('.questions.audience').count(), 2, 'more questions than fit turn in pages');
  await shot(screen, 'projector-long-question');
  await d.stage(1);
  await screen.goto(`${server.base}/p/${d.id}`);
  const wide = await screen.evaluate(() => Math.max(...[...document.querySelectorAll('.wall li')].map((li) => li.scrollWidth - li.clientWidth)));
  assert.ok(wide <= 0, `no wall item runs off its box: ${wide}px`);

  await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/publish`, { token: d.key });
  const reader = await (await browser.newContext(phone)).newPage();
  await reader.goto(`${server.base}/api/v1/dialogues/${d.id}/report.html`);
  const width = await reader.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the report fits a phone: ${width}px`);
  const consolePhone = await (await browser.newContext(phone)).newPage();
  await consolePhone.goto(`${server.base}/f/${d.id}/signin?key=${d.key}`);
  const consoleWidth = await consolePhone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(consoleWidth <= 390, `the published console fits a phone: ${consoleWidth}px`);
});

test('a mistyped join link offers the code form with the code to correct', async () => {
  const ctx = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const page = await ctx.newPage();
  const res = await page.goto(`${server.base}/j/wrong1`);
  assert.equal(res.status(), 404);
  assert.match(await page.locator('[role=alert]').innerText(), /No dialogue has that code/);
  assert.equal(await page.inputValue('#code'), 'WRONG1');
  await ctx.close();
});

test('an error about one item is shown on that item, where the console returns', async () => {
  const d = await dialogue('Console errors');
  const [a, b] = [await d.someone(), await d.someone()];
  await d.stage(3);
  const first = (await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/questions`, { token: a, body: { text: 'Who pays?' } })).body.id;
  await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/questions`, { token: b, body: { text: 'Who pays for it?' } });
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(`${server.base}/f/${d.id}/signin?key=${d.key}`);
  await page.goto(`${server.base}/f/${d.id}?kind=question`);
  const row = page.locator(`#c-${first}`);
  await row.locator('select[name=into] option').nth(1).evaluate((o) => { o.selected = true; });
  await row.locator('input[name=value]').evaluate((box) => box.removeAttribute('required'));
  await row.locator('button', { hasText: 'Merge' }).click();
  await page.waitForURL(/error=confirm_needed/);
  assert.ok(page.url().endsWith(`#c-${first}`), page.url());
  assert.match(await page.locator(`#c-${first} [role=alert]`).innerText(), /Tick the box/);
  await ctx.close();
});

test('words go out again by themselves, even past other sends; a vote waits for a tap', async () => {
  const d = await dialogue('Flaky Wi-Fi');
  const ctx = await browser.newContext(phone);
  const page = await join(ctx, d, 'Chloé');
  await d.stage(3);
  const other = await d.someone();
  await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/questions`, { token: other, body: { text: 'Who pays?' } });
  await page.waitForSelector('text=Who pays?');
  await page.waitForSelector('.conn:not(.down):not(.still)');
  const votes = async () => (await d.summary()).questions.items[0].votes;

  // Her question cannot get through; her vote can: the question still waits, and goes.
  let block = true;
  await page.route('**/act', (route) => (block && /do=question/.test(route.request().postData() || '') ? route.abort('internetdisconnected') : route.continue()));
  await page.fill('#text-question', 'And who decides?');
  await page.locator('form:has(#text-question) button').click();
  await page.waitForSelector('form[data-unsent]:has(#text-question)');
  await page.locator('.item', { hasText: 'Who pays?' }).locator('button', { hasText: 'Upvote' }).click();
  await page.waitForFunction(async () => document.querySelector('.item button[aria-pressed="true"]') !== null);
  assert.equal(await page.inputValue('#text-question'), 'And who decides?');
  assert.equal(await page.locator('form[data-unsent]:has(#text-question)').count(), 1, 'still marked as waiting');
  block = false;
  await page.waitForFunction(() => [...document.querySelectorAll('.mine .item')].some((li) => li.textContent.includes('And who decides?')), null, { timeout: 15000 });
  assert.equal(await votes(), 1);

  // A vote that cannot get through says to tap again, and is not replayed later.
  await page.route('**/act', (route) => route.abort('internetdisconnected'));
  await page.locator('.item', { hasText: 'Who pays?' }).locator('button', { hasText: 'Upvoted' }).click();
  await page.waitForSelector('form[data-unsent] [role=alert]');
  assert.match(await page.locator('form[data-unsent] [role=alert]').innerText(), /Tap the button again/);
  await page.unroute('**/act');
  await page.waitForTimeout(5000);
  assert.equal(await votes(), 1, 'not sent behind her back');
  await ctx.close();
});
