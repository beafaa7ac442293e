// A facilitator runs a whole dialogue with the keyboard alone: access keys
// for the agenda, lock and countdown; Tab, Enter and Space for answering,
// hiding, closing and publishing. Every control reached shows its focus.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, api, newDialogue, shot } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

// Tabs forward until the focus is on `selector` (a Playwright selector); each element
// passed on the way must show where the focus is.
async function tabTo(page, selector, max = 300) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return { none: true };
      const st = getComputedStyle(el);
      const shown = (st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0) || st.boxShadow !== 'none';
      // Not hidden under the sticky "Now" card (2.4.11): something of it shows.
      const box = el.getBoundingClientRect();
      const points = [[box.left + 2, box.top + 2], [box.right - 2, box.bottom - 2], [(box.left + box.right) / 2, (box.top + box.bottom) / 2]];
      const seen = points.some(([x, y]) => { const top = document.elementFromPoint(x, y); return top && (top === el || el.contains(top) || top.contains(el)); });
      const label = el.closest('label');
      return { shown, seen: seen || (label && points.some(([x, y]) => label.contains(document.elementFromPoint(x, y)))),
        what: `${el.tagName.toLowerCase()} ${el.textContent.trim().slice(0, 40)}` };
    });
    if (at.none) continue;
    assert.ok(at.shown, `focus is visible on ${at.what}`);
    assert.ok(at.seen, `the focused ${at.what} is not hidden`);
    if (await page.locator(selector).first().evaluate((el) => el === document.activeElement).catch(() => false)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

// Alt and a letter, as a keyboard sends it (key down, the character, key
// up) through the browser's input pipeline: Chromium's access-key
// modifier on Linux. (Playwright's own press sends no character with Alt.)
async function accessKey(page, letter) {
  const cdp = await page.context().newCDPSession(page);
  const key = { modifiers: 1, key: letter, code: `Key${letter.toUpperCase()}`, windowsVirtualKeyCode: letter.toUpperCase().charCodeAt(0) };
  await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...key });
  await cdp.send('Input.dispatchKeyEvent', { type: 'char', ...key, text: letter, unmodifiedText: letter });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key });
  await cdp.detach();
}

test('a facilitator runs a whole dialogue from the keyboard', { timeout: 120000 }, async () => {
  const d = await newDialogue(server, 'Keyboard dialogue');
  const someone = await d.someone();
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await page.goto(`${server.base}/f/${d.id}/signin?key=${d.key}`);
  await page.waitForSelector('.conn:not(.down):not(.still)');
  assert.match(await page.locator('.keys').innerText(), /N next, P previous, L lock/, 'the keys are listed on the console');

  const at = (stage) => page.waitForSelector(`#console[data-current="${stage}"]`);
  await accessKey(page, 'n');
  await at(1);
  // A countdown: C reaches the seconds, Enter starts it.
  await accessKey(page, 'c');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'seconds');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('30');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#console .countdown');
  // L locks the item on screen, and again unlocks it.
  await accessKey(page, 'l');
  await page.waitForSelector('.agenda li.current.state-locked');
  await accessKey(page, 'l');
  await page.waitForSelector('.agenda li.current.state-open');
  await accessKey(page, 'p');
  await at(0);
  for (const stage of [1, 2, 3]) { await accessKey(page, 'n'); await at(stage); }

  // Questions: one arrives; the facilitator answers it, then hides it.
  await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/questions`, { token: someone, body: { text: 'Who pays for it?' } });
  await page.waitForSelector('#console .item:has-text("Who pays for it?")');
  await tabTo(page, '.item:has-text("Who pays for it?") textarea[name=text]');
  await page.keyboard.type('The provinces and Ottawa together.');
  await tabTo(page, '.item:has-text("Who pays for it?") form:has(textarea) button[type=submit]');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#console .item:has-text("The provinces and Ottawa together.")');
  await tabTo(page, '.item:has-text("Who pays for it?") form:has(input[name=do][value=hide]) button');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#console .item.hidden:has-text("Who pays for it?"), #console .item:has-text("Who pays for it?") .tag:text("hidden")');

  for (const stage of [4, 5, 6, 7]) { await accessKey(page, 'n'); await at(stage); }
  await shot(page, 'console-keyboard-closing');

  // Closing and publishing: Space ticks the box, Enter sends.
  const confirm = async (act) => {
    await tabTo(page, `form:has(input[name=do][value=${act}]) input[name=value]`);
    await page.keyboard.press('Space');
    await tabTo(page, `form:has(input[name=do][value=${act}]) button`);
    await page.keyboard.press('Enter');
  };
  await confirm('close');
  await page.waitForSelector('form:has(input[name=do][value=publish])');
  await confirm('publish');
  await page.waitForSelector('.report .saved');
  const summary = (await api(server.base, 'GET', `/api/v1/dialogues/${d.id}/summary`)).body;
  assert.equal(summary.status, 'closed');
});
