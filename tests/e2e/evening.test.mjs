// What a real evening runs into: a Post while the connection is down, a
// paste over the limit, a wrong code, closing and publishing by mistake, a
// name shown only on request; with JavaScript and without.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, phone, api, shot, newDialogue, rate } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const dialogue = (title) => newDialogue(server, title);

async function join(page, code, name) {
  await page.goto(`${server.base}/j/${code}`);
  await page.fill('#name', name);
  await page.click('button[type=submit]');
  await page.waitForSelector('#stage');
}

test('a Post that cannot reach the server keeps the text and goes out later', async () => {
  const d = await dialogue('Venue Wi-Fi');
  const ctx = await browser.newContext(phone);
  const page = await ctx.newPage();
  await join(page, d.code, 'Amira');
  await d.stage(1);
  await page.waitForSelector('#text-hope:not([disabled])');
  await page.waitForSelector('.conn:not(.down):not(.still)');

  // The connection drops as she presses Post.
  await page.route('**/act', (route) => route.abort('internetdisconnected'));
  await page.fill('#text-hope', 'Words that must not be lost');
  await page.locator('form:has(#text-hope) button').click();
  await page.waitForSelector('form[data-unsent] [role=alert]');
  assert.match(await page.locator('form[data-unsent] [role=alert]').innerText(), /Not sent/);
  assert.equal(await page.inputValue('#text-hope'), 'Words that must not be lost');
  assert.equal(await page.locator('.saved').count(), 0, 'no "Saved." for what was not saved');
  assert.equal((await d.summary()).hopes.count, 0);
  await shot(page, 'phone-unsent');

  // Back again: it goes out by itself.
  await page.unroute('**/act');
  await page.waitForSelector('.saved', { timeout: 10000 });
  assert.equal((await d.summary()).hopes.count, 1);
  assert.equal(await page.inputValue('#text-hope'), 'Words that must not be lost');

  // A paste over the limit is kept whole, counted, and not sent.
  const long = 'y'.repeat(600);
  await page.fill('#text-concern', long);
  assert.equal((await page.inputValue('#text-concern')).length, 600, 'nothing is cut');
  assert.match(await page.locator('#text-concern-left').innerText(), /100 characters too many/);
  assert.equal(await page.getAttribute('#text-concern', 'aria-invalid'), 'true');
  await page.locator('form:has(#text-concern) button').click();
  await page.waitForTimeout(500);
  assert.equal((await d.summary()).concerns.count, 0, 'an over-long text is not sent');
  await page.fill('#text-concern', 'Short enough');
  assert.match(await page.locator('#text-concern-left').innerText(), /488 characters left/);
  await shot(page, 'phone-count');
  await ctx.close();
});

test('closing and publishing ask first, and every screen shows the outcome', async () => {
  const d = await dialogue('Closing by mistake');
  const pctx = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const phonePage = await pctx.newPage();
  // A wrong code comes back to be corrected, not retyped.
  await phonePage.goto(`${server.base}/`);
  await phonePage.fill('#code', 'zzzzzz');
  await phonePage.click('button[type=submit]');
  await phonePage.waitForURL(/error=unknown_code/);
  assert.equal(await phonePage.inputValue('#code'), 'ZZZZZZ');
  // Without JavaScript nothing claims to be live.
  await join(phonePage, d.code, 'Grace');
  assert.match(await phonePage.locator('.conn').innerText(), /Reload the page/);
  await d.stage(4);
  await phonePage.reload();
  await rate(phonePage, 3);
  await phonePage.waitForURL(/saved=rating/);
  assert.match(phonePage.url(), /#rating$/, 'the page opens where she was');
  assert.equal(await phonePage.locator('#rating input:checked').getAttribute('value'), '3');
  assert.match(await phonePage.locator('#rating').innerText(), /Your rating: 3/);
  await d.stage(5);
  await phonePage.reload();
  assert.equal(await phonePage.inputValue('#theme'), '', 'the theme is a choice, not a default');

  const fctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, javaScriptEnabled: false });
  const console_ = await fctx.newPage();
  await console_.goto(`${server.base}/f/${d.id}/signin?key=${d.key}`);
  const close = console_.locator('form:has(input[name=do][value=close])');
  // The box is required; a form sent without it is refused by the server too.
  await close.locator('input[type=checkbox]').evaluate((box) => box.removeAttribute('required'));
  await close.locator('button').click();
  await console_.waitForURL(/error=confirm_needed/);
  assert.equal((await api(server.base, 'GET', `/api/v1/dialogues/${d.id}`)).body.status, 'live');
  await console_.locator('form:has(input[name=do][value=close]) input[type=checkbox]').check();
  await console_.locator('form:has(input[name=do][value=close]) button').click();
  await console_.waitForSelector('.closed-state');
  assert.equal(await console_.locator('.conn').innerText(), 'Closed');
  await shot(console_, 'console-closed');
  await console_.locator('form:has(input[name=do][value=publish]) input[type=checkbox]').check();
  await console_.locator('form:has(input[name=do][value=publish]) button').click();
  await console_.waitForSelector('.report .saved');

  await phonePage.reload();
  assert.equal(await phonePage.locator('.conn').innerText(), 'Closed');
  await phonePage.waitForSelector('a:has-text("Read the report")');
  await shot(phonePage, 'phone-closed-published');
  // A newcomer is told before they type anything.
  const late = await (await browser.newContext(phone)).newPage();
  await late.goto(`${server.base}/j/${d.code}`);
  assert.equal(await late.locator('#name').count(), 0);
  assert.match(await late.locator('.join-page').innerText(), /has ended/);
  await pctx.close();
  await fctx.close();
});

test('a merge by mistake is undone, and the console fits a phone and a laptop', async () => {
  const d = await dialogue('Merging by mistake');
  const people = [];
  for (let i = 0; i < 3; i++) people.push((await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/participants`, { body: {} })).body.token);
  await d.stage(3);
  const ask = async (token, text) => (await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/questions`, { token, body: { text } })).body.id;
  const a = await ask(people[0], 'Who pays for prevention?');
  const b = await ask(people[1], 'Who pays for the prevention work?');
  await ask(people[2], 'A very long question that goes on and on about the report, its many recommendations, the audiences they address, and the rubrics under which they are filed, so that the merge menu would be wide');
  await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/questions/${b}/votes`, { token: people[2] });

  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await ctx.newPage();
  await page.goto(`${server.base}/f/${d.id}/signin?key=${d.key}`);
  await page.goto(`${server.base}/f/${d.id}?kind=question`);
  await page.waitForSelector('.conn:not(.down):not(.still)');
  const row = page.locator('.items > .item:has(> p:text-is("Who pays for the prevention work?"))');
  const options = await row.locator('select[name=into] option').allInnerTexts();
  assert.match(options[1], /^★ Who pays for prevention\?/, 'the look-alike comes first');
  await row.locator('select[name=into]').selectOption(a);
  await row.locator('input[name=value]').check();
  await row.locator('button', { hasText: 'Merge' }).click();
  await page.waitForSelector('.merged li:has-text("Who pays for the prevention work?")');
  assert.equal((await api(server.base, 'GET', `/api/v1/dialogues/${d.id}/summary`)).body.questions.count, 2);
  // The stage, Next and the counts stay in view while the lists scroll.
  await page.mouse.wheel(0, 2000);
  await page.waitForTimeout(300);
  const top = await page.locator('.now').boundingBox();
  assert.ok(top && top.y >= 0 && top.y < 50, `the stage card stays on screen: ${JSON.stringify(top)}`);
  await shot(page, 'console-laptop-merged');
  await page.locator('.merged button', { hasText: 'Undo merge' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.merged').length === 0);
  const list = (await api(server.base, 'GET', `/api/v1/dialogues/${d.id}/contributions?kind=question`)).body.items;
  assert.equal(list.find((q) => q.id === b).votes, 1, 'the vote goes back with its item');

  const small = await browser.newContext(phone);
  const onPhone = await small.newPage();
  await onPhone.goto(`${server.base}/f/${d.id}/signin?key=${d.key}`);
  await onPhone.goto(`${server.base}/f/${d.id}?kind=question`);
  const width = await onPhone.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling on a phone: ${width}px`);
  await shot(onPhone, 'console-phone');
  await ctx.close();
  await small.close();
});
