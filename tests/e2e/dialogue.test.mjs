// One whole dialogue in Chromium: a facilitator, a projector and three
// participants (one on a phone), every stage, with screenshots of each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, phone, projector, shot, rate, signInOrganiser } from './harness.mjs';

let server, browser;
// Every page runs under the server's Content-Security-Policy: any script or
// style it blocks shows up as a console message here, and fails the test.
const blocked = [];
before(async () => {
  server = await startServer();
  browser = await launch();
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const ctx = await newContext(options);
    ctx.on('page', (page) => page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) blocked.push(m.text());
    }));
    return ctx;
  };
});
after(async () => { await browser?.close(); await server?.stop(); });

const laptop = { viewport: { width: 1280, height: 900 } };

async function joinAs(ctxOptions, code, name) {
  const ctx = await browser.newContext(ctxOptions);
  const page = await ctx.newPage();
  await page.goto(server.base + '/');
  await page.fill('#code', code);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/j\//);
  await page.fill('#name', name);
  await page.click('button[type=submit]');
  await page.waitForSelector('#stage');
  await page.waitForSelector('.conn:not(.down):not(.still)');
  // A marker that a full reload would wipe out.
  await page.evaluate(() => { window.__stayed = true; });
  return page;
}

async function stayed(page) {
  assert.equal(await page.evaluate(() => window.__stayed === true), true, 'the page followed along without a reload');
}

test('a whole dialogue reaches every screen live', async () => {
  // The facilitator creates the dialogue with the default agenda.
  const fctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const console_ = await fctx.newPage();
  const landing = await console_.goto(server.base + '/');
  const csp = landing.headers()['content-security-policy'];
  assert.match(csp, /script-src 'self' 'nonce-[^']+' 'wasm-unsafe-eval'/, 'pages carry a nonce-based policy');
  assert.doesNotMatch(csp, /unsafe-inline'[^;]*;.*style|script-src[^;]*unsafe-inline/);
  // Only an organiser starts a dialogue: the page says so, then the key signs them in.
  await console_.goto(server.base + '/new');
  assert.equal(await console_.locator('form[action="/new"]').count(), 0, 'no create form before signing in');
  await signInOrganiser(console_, server);
  await console_.goto(server.base + '/new');
  await console_.fill('#title', 'Town hall on the report');
  await console_.fill('#report_title', 'Mobilizing the Will to Intervene');
  await console_.fill('#report_recommendations', 'Government of Canada | Enabling Leadership | Make prevention a national priority\nMedia | Building Knowledge | Cover early warning signs');
  await console_.click('form[action="/new"] button[type=submit]');
  await console_.waitForURL(/\/f\/[0-9a-f-]+$/);
  const code = (await console_.locator('.invite .code').innerText()).trim();
  assert.match(code, /^[A-Z0-9]{6}$/);
  const id = console_.url().split('/f/')[1];
  await shot(console_, 'console-welcome');

  const pctx = await browser.newContext(projector);
  const screen = await pctx.newPage();
  await screen.goto(`${server.base}/p/${id}`);
  await screen.waitForSelector('.conn:not(.down):not(.still)');
  await screen.evaluate(() => { window.__stayed = true; });

  const people = [
    await joinAs(phone, code, 'Amira'),
    await joinAs(laptop, code, 'Ben'),
    await joinAs(laptop, code, 'Chloé'),
  ];
  const [amira, ben, chloe] = people;
  await screen.waitForFunction(() => document.querySelector('.welcome .joined strong')?.textContent === '3');
  // Every stage as the room sees it: a phone, the projector, and the
  // console on a 1366×768 laptop and on a phone (never wider than it).
  const shots = async (name) => {
    await shot(amira, `phone-${name}`);
    await shot(screen, `projector-${name}`);
    await shot(console_, `console-laptop-${name}`);
    await console_.setViewportSize({ width: 390, height: 844 });
    assert.ok(await console_.evaluate(() => document.documentElement.scrollWidth <= 390), `the console fits a phone at ${name}`);
    await shot(console_, `console-phone-${name}`);
    await console_.setViewportSize({ width: 1366, height: 768 });
  };

  await shots('1-welcome');

  const next = async (stage) => {
    await console_.locator('form:has(input[name=do][value=stage]) button', { hasText: 'Next' }).click();
    for (const p of people) {
      await p.waitForSelector(`#stage[data-current="${stage}"]`);
      await stayed(p);
    }
    await screen.waitForSelector(`#screen[data-current="${stage}"]`);
  };

  // Introductions: each hope and concern appears on the projector, under a countdown.
  await next(1);
  await console_.fill('#seconds', '45');
  await console_.locator('.countdown-form button').click();
  await screen.waitForFunction(() => /^0:4\d$/.test(document.querySelector('.screen .countdown')?.textContent || ''));
  const intros = [['Amira', 'peace through early action', 'too little too late'], ['Ben', 'schools teach prevention', 'media fatigue'], ['Chloé', 'a national priority', 'funding cuts']];
  for (const [i, [, hope, concern]] of intros.entries()) {
    const p = people[i];
    await p.fill('#text-hope', hope);
    await p.locator('form:has(#text-hope) button').click();
    await p.waitForSelector('.saved');
    await p.fill('#text-concern', concern);
    await p.locator('form:has(#text-concern) button').click();
    await screen.waitForFunction((t) => [...document.querySelectorAll('.wall.hope li')].some((li) => li.textContent === t), hope, { timeout: 2000 });
    await screen.waitForFunction((t) => [...document.querySelectorAll('.wall.concern li')].some((li) => li.textContent === t), concern, { timeout: 2000 });
  }
  await shots('2-introductions');

  await next(2);
  await amira.waitForSelector('.brief');
  await shots('3-brief');

  // Questions: ask, upvote, answer.
  await next(3);
  await ben.fill('#text-question', 'What counts as a mass atrocity?');
  await ben.locator('form:has(#text-question) button').click();
  await amira.waitForSelector('text=What counts as a mass atrocity?');
  await amira.locator('.item', { hasText: 'What counts as a mass atrocity?' }).locator('button', { hasText: 'Upvote' }).click();
  await screen.waitForFunction(() => document.querySelector('.questions .votes')?.textContent === '1');
  await console_.goto(`${server.base}/f/${id}?kind=question`);
  await console_.locator('textarea[name=text]').first().fill('Genocide, crimes against humanity, war crimes and ethnic cleansing.');
  await console_.locator('button', { hasText: 'Save answer' }).click();
  await screen.waitForSelector('.questions li.answered');
  await amira.waitForSelector('.answer');
  await shots('4-questions');

  // Resonance: three ratings make the histogram.
  await next(4);
  for (const [p, v] of [[amira, 4], [ben, 5], [chloe, 4]]) {
    await rate(p, v);
  }
  // To a screen reader the scale is a labelled group of radio buttons.
  const scale = amira.getByRole('group', { name: 'Your rating' });
  assert.equal(await scale.getByRole('radio').count(), 5);
  assert.equal(await scale.getByRole('radio', { name: '4 of 5', exact: true }).isChecked(), true);
  assert.equal(await scale.getByRole('radio', { name: '5 of 5 — Very strongly' }).count(), 1);
  assert.equal(await scale.getByRole('radio', { name: '1 of 5 — Not at all' }).count(), 1);
  await chloe.fill('#text-reservation', 'Too soft on enforcement');
  await chloe.locator('form:has(#text-reservation) button').click();
  await screen.waitForFunction(() => document.querySelector('.histogram rect[data-value="4"]')?.getAttribute('data-n') === '2');
  assert.equal(await screen.locator('.histogram rect[data-value="5"]').getAttribute('data-n'), '1');
  assert.equal(await screen.locator('.histogram rect[data-value="1"]').getAttribute('data-n'), '0');
  assert.match(await screen.locator('.histogram .stats').innerText(), /n = 3/);
  await shots('5-resonance');

  // Recommendations under themes, endorsed.
  await next(5);
  await amira.fill('#text-recommendation', 'Teach genocide prevention in schools');
  await amira.selectOption('#theme', 'Education');
  await amira.locator('form:has(#text-recommendation) button').click();
  await ben.waitForSelector('text=Teach genocide prevention in schools');
  await ben.locator('.item', { hasText: 'Teach genocide prevention in schools' }).locator('button', { hasText: 'Endorse' }).click();
  await ben.waitForSelector('text=You have 2 endorsements left.');
  await screen.waitForFunction(() => [...document.querySelectorAll('.themes .theme')].some((t) => t.textContent.includes('Teach genocide prevention in schools') && t.textContent.includes('1 endorsement')));
  await shots('6-recommendations');

  // Commitments.
  await next(6);
  for (const [i, p] of people.entries()) {
    await p.fill('#text-commitment', `I will brief my colleagues (${i})`);
    await p.locator('form:has(#text-commitment) button').click();
  }
  await screen.waitForFunction(() => document.querySelectorAll('.wall.commitment li').length === 3);
  await shots('7-commitments');

  await next(7);
  await amira.waitForSelector('text=What the room said');
  await shots('8-closing');
  await stayed(screen);
  await console_.goto(`${server.base}/f/${id}`);
  await shot(console_, 'console-closing');
  assert.deepEqual(blocked, [], 'nothing was blocked by the Content-Security-Policy');
});
