// Reflow (WCAG 1.4.10): every page a person uses fits 320 CSS px without
// sideways scrolling — the width of a 1280 px window zoomed to 400 % —
// also with the text spacing of WCAG 1.4.12 applied.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, api, newDialogue, rate, shot, signInOrganiser } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const narrow = { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true, bypassCSP: true };
const spacing = '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';

test('every page reflows at 320 px, with wider text spacing too', { timeout: 180000 }, async () => {
  const wide = [];
  const check = async (page, name) => {
    for (const spaced of [false, true]) {
      if (spaced) await page.addStyleTag({ content: spacing });
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      if (w > 320) {
        const what = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 320.5)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}`).slice(-3).join(', '));
        wide.push(`${name}${spaced ? ' (text spacing)' : ''}: ${w}px (${what})`);
      }
    }
  };
  const d = await newDialogue(server, 'A dialogue with a rather long title for a narrow phone');
  const other = await d.someone();
  const page = await (await browser.newContext(narrow)).newPage();
  for (const [path, name] of [['/', 'landing'], ['/?error=unknown_code&code=ZZZZZZ', 'landing with an error'], ['/o', 'organiser sign-in'], [`/j/${d.code}`, 'join']]) {
    await page.goto(server.base + path);
    await check(page, name);
  }
  const org = await (await browser.newContext(narrow)).newPage();
  await signInOrganiser(org, server);
  await check(org, 'organiser dialogues');
  await org.goto(`${server.base}/new`);
  await check(org, 'create form');

  await page.goto(`${server.base}/j/${d.code}`);
  await page.fill('#name', 'Ada');
  await page.click('button[type=submit]');
  await page.waitForSelector('#stage');
  const console_ = await (await browser.newContext(narrow)).newPage();
  await console_.goto(`${server.base}/f/${d.id}/signin?key=${d.key}`);
  const fill = {
    1: async () => { await api(server.base, 'PUT', `/api/v1/dialogues/${d.id}/hope`, { token: other, body: { text: 'A hope from the room' } }); },
    3: async () => { await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/questions`, { token: other, body: { text: 'Anunbrokenquestionthatgoesonandonwithoutanyspaceatallforaverylongway?' } }); },
    4: async () => { await rate(page, 4); },
    5: async () => { await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/recommendations`, { token: other, body: { text: 'A recommendation from the room', theme: 'Media' } }); },
  };
  for (let stage = 0; stage < 8; stage++) {
    if (stage > 0) await d.stage(stage);
    if (fill[stage]) await fill[stage]();
    await page.goto(`${server.base}/j/${d.code}`);
    await check(page, `participant stage ${stage}`);
    await console_.goto(`${server.base}/f/${d.id}`);
    await check(console_, `console stage ${stage}`);
  }
  await shot(page, 'participant-320-closing');
  await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/close`, { token: d.key });
  await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/publish`, { token: d.key });
  await page.goto(`${server.base}/api/v1/dialogues/${d.id}/report.html`);
  await check(page, 'report');
  assert.deepEqual(wide, [], 'pages wider than 320 px');
});
