// WCAG 2.2 A and AA by axe-core on every page and state: the landing and
// join pages, each participant stage before and after contributing and
// with an error shown, the console and the projector at every stage, the
// organiser pages, the create form and the report; also after a live
// update has been swapped in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, phone, projector, api, axe, newDialogue, rate, contrast7, smallText, signInOrganiser, shot } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('every page and state passes axe-core WCAG 2.2 AA', { timeout: 600000 }, async () => {
  const found = {};
  const t0 = Date.now();
  const scan = async (page, name) => {
    if (process.env.A11Y_TRACE) console.error('scan', name, Date.now() - t0);
    const v = await axe(page);
    if (v.length) found[name] = v;
  };
  const d = await newDialogue(server, 'Accessible dialogue');
  const others = [await d.someone(), await d.someone()];

  const visitor = await (await browser.newContext(phone)).newPage();
  await visitor.goto(`${server.base}/`);
  await scan(visitor, 'landing');
  await visitor.goto(`${server.base}/?error=unknown_code&code=ZZZZZZ`);
  await scan(visitor, 'landing with an error');
  await visitor.goto(`${server.base}/j/${d.code}`);
  await scan(visitor, 'join');
  await visitor.goto(`${server.base}/j/NOSUCH`);
  await scan(visitor, 'unknown join code');
  await visitor.goto(`${server.base}/o`);
  await scan(visitor, 'organiser sign-in');
  await visitor.goto(`${server.base}/new`);
  await scan(visitor, 'create, signed out');

  const org = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await signInOrganiser(org, server);
  await scan(org, 'organiser dialogues');
  await org.goto(`${server.base}/new`);
  await scan(org, 'create form');

  const page = await (await browser.newContext(phone)).newPage();
  await page.goto(`${server.base}/j/${d.code}`);
  await page.fill('#name', 'Ada');
  await page.click('button[type=submit]');
  await page.waitForSelector('#stage');
  const console_ = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await console_.goto(`${server.base}/f/${d.id}/signin?key=${d.key}`);
  const screen = await (await browser.newContext(projector)).newPage();
  await screen.goto(`${server.base}/p/${d.id}`);
  const stark = await (await browser.newContext(projector)).newPage();
  await stark.goto(`${server.base}/p/${d.id}?theme=contrast`);
  // The projector, beyond AA: body text of 32 px or more, at 7:1 or more,
  // in its usual and its high-contrast theme.
  const projected = async (p, name) => {
    await scan(p, name);
    const small = await smallText(p, 32);
    if (small.length) found[`${name}: text under 32 px`] = small;
    const faint = await contrast7(p);
    if (faint.length) found[`${name}: contrast under 7:1`] = faint;
  };

  const contribute = {
    1: async () => { await page.fill('#text-hope', 'Peace'); await page.locator('form:has(#text-hope) button').click(); await page.waitForSelector('form:has(#text-hope) .saved'); },
    3: async () => { await page.fill('#text-question', 'Who pays?'); await page.locator('form:has(#text-question) button').click(); await page.waitForSelector('.mine .item'); },
    4: async () => { await rate(page, 4); },
    5: async () => { await page.fill('#text-recommendation', 'Teach it'); await page.selectOption('#theme', 'Media'); await page.locator('form:has(#text-recommendation) button').click(); await page.waitForSelector('.mine .item'); },
    6: async () => { await page.fill('#text-commitment', 'I will write'); await page.locator('form:has(#text-commitment) button').click(); await page.waitForSelector('form:has(#text-commitment) .saved'); },
  };
  const others_post = {
    1: (t) => api(server.base, 'PUT', `/api/v1/dialogues/${d.id}/hope`, { token: t, body: { text: 'A hope from the room' } }),
    3: (t) => api(server.base, 'POST', `/api/v1/dialogues/${d.id}/questions`, { token: t, body: { text: 'A question from the room' } }),
    5: (t) => api(server.base, 'POST', `/api/v1/dialogues/${d.id}/recommendations`, { token: t, body: { text: 'A recommendation from the room', theme: 'Education' } }),
  };
  for (let stage = 0; stage < 8; stage++) {
    if (stage > 0) await d.stage(stage);
    await page.waitForSelector(`#stage[data-current="${stage}"]`);
    await screen.waitForSelector(`#screen[data-current="${stage}"]`);
    await scan(page, `participant stage ${stage}`);
    if (contribute[stage]) {
      await contribute[stage]();
      await scan(page, `participant stage ${stage}, after contributing`);
    }
    if (stage === 1) {
      // An error shown beside its form.
      await page.goto(`${server.base}/j/${d.code}?error=empty_field&for=concern`);
      await scan(page, 'participant with an error');
      await page.goto(`${server.base}/j/${d.code}`);
    }
    if (others_post[stage]) {
      await others_post[stage](others[0]);
      await page.waitForTimeout(800);
      await scan(page, `participant stage ${stage}, after a live update`);
    }
    await console_.goto(`${server.base}/f/${d.id}`);
    await scan(console_, `console stage ${stage}`);
    await screen.waitForTimeout(300);
    await projected(screen, `projector stage ${stage}`);
    await stark.waitForSelector(`#screen[data-current="${stage}"]`);
    await projected(stark, `high-contrast projector stage ${stage}`);
  }
  // The team: the facilitator's card with members, then a moderator's and
  // a presenter's own consoles (on a phone and a laptop), each with a shot.
  const moderator = await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/roles`, { token: d.key, body: { role: 'moderator', name: 'Ana' } });
  const presenter = await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/roles`, { token: d.key, body: { role: 'presenter', name: 'Ben' } });
  await console_.goto(`${server.base}/f/${d.id}`);
  await console_.reload();
  await console_.locator('#team li').nth(1).waitFor();
  await console_.locator('#team').scrollIntoViewIfNeeded();
  await scan(console_, 'console with a team');
  await shot(console_, 'console-team');
  for (const [who, member, size] of [['moderator', moderator, phone], ['presenter', presenter, { viewport: { width: 1366, height: 768 } }]]) {
    const p = await (await browser.newContext(size)).newPage();
    await p.goto(member.body.link);
    await p.waitForSelector('.role-line');
    await scan(p, `${who}'s console`);
    await shot(p, `console-${who}`);
  }
  await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/close`, { token: d.key });
  await api(server.base, 'POST', `/api/v1/dialogues/${d.id}/publish`, { token: d.key });
  await page.goto(`${server.base}/j/${d.code}`);
  await scan(page, 'participant, closed and published');
  await console_.goto(`${server.base}/f/${d.id}`);
  await scan(console_, 'console, closed and published');
  await screen.goto(`${server.base}/p/${d.id}`);
  await projected(screen, 'projector, closed');
  // The report is served sandboxed (no scripts): axe needs the policy set aside.
  const reader = await (await browser.newContext({ ...phone, bypassCSP: true })).newPage();
  await reader.goto(`${server.base}/api/v1/dialogues/${d.id}/report.html`);
  await scan(reader, 'report');

  const lines = Object.entries(found).map(([name, v]) => `${name}:\n  ${[...new Set(v)].join('\n  ')}`);
  assert.deepEqual(lines, [], lines.join('\n'));
});
