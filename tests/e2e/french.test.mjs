// A whole dialogue in French: an organiser and a participant whose browsers
// ask for French, a participant who picks it with the page's switch, the
// projector following the dialogue's language. On every page of every
// stage, no interface text is English (text marked lang="en", such as the
// switch's "English", is English on purpose).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launch, phone, projector, shot, rate } from './harness.mjs';

const locales = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'locales');

// A Fluent file's messages, each as its text with placeables left as `{…}`
// (multi-line messages, plurals included, joined into one text).
function messages(code) {
  const out = {};
  let id = null;
  for (const line of readFileSync(join(locales, `${code}.ftl`), 'utf8').split('\n')) {
    const m = line.match(/^([a-zA-Z][\w-]*) = ?(.*)$/);
    if (m) { id = m[1]; out[id] = m[2]; } else if (id && /^\s/.test(line)) { out[id] += '\n' + line; } else { id = null; }
  }
  return out;
}
const en = messages('en');
const fr = messages('fr');

// The fixed pieces of every English message that French never says:
// "Save", "Your contributions", "people have joined so far"… Words both
// languages share ("Questions", "Console", "Participants") are no evidence.
const frenchWords = Object.values(fr).join('\n');
const tells = [...new Set(Object.entries(en)
  .filter(([id]) => !/^(language-name|number|month-|date-)/.test(id))
  .flatMap(([, text]) => text.split(/\{[^}]*\}|\n|\[[a-z0-9]+\]|\*?\[other\]/))
  .map((piece) => piece.replace(/^[\s(:·,]+|[\s):·,.…]+$/g, ''))
  .filter((piece) => /[A-Za-z]{2}/.test(piece) && !frenchWords.includes(piece)))];

// Every text of the page a person can see or hear: text nodes, and the
// labels, placeholders and titles of its elements, outside anything marked
// as another language.
async function pageTexts(page) {
  return page.evaluate(() => {
    const out = [];
    // Marked as another language inside the page (the page's own lang is checked apart).
    const foreign = (el) => {
      const marked = el.closest('[lang]');
      return marked && marked !== document.documentElement && !marked.getAttribute('lang').startsWith('fr');
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || ['SCRIPT', 'STYLE', 'TEMPLATE'].includes(el.tagName) || foreign(el)) continue;
      if (n.textContent.trim()) out.push(n.textContent.trim());
    }
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
      if (foreign(el)) continue;
      for (const a of ['aria-label', 'placeholder', 'title', 'alt']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
    }
    out.push(document.title);
    return { lang: document.documentElement.lang, texts: out };
  });
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const tellPatterns = tells.map((t) => [t, new RegExp(`(^|[^\\p{L}])${escape(t)}($|[^\\p{L}])`, 'u')]);

async function allFrench(page, where) {
  const { lang, texts } = await pageTexts(page);
  const english = [];
  for (const text of texts) {
    for (const [t, re] of tellPatterns) if (re.test(text)) english.push(`"${t}" in "${text.slice(0, 120)}"`);
  }
  assert.deepEqual(english, [], `${where}: English left on the page`);
  assert.equal(lang, 'fr', `${where}: <html lang="fr">`);
}

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.stop(); });

const french = { locale: 'fr-CA' };

test('the English tells are many, and French pages have none of them', () => {
  assert.ok(tells.length > 150, `${tells.length} English pieces to look for`);
  for (const t of ['Save', 'Your contributions', 'Take part', 'Withdraw', 'Start countdown', 'Publish the report']) assert.ok(tells.includes(t), t);
});

test('a whole dialogue in French, on every page', async () => {
  const octx = await browser.newContext({ ...french, viewport: { width: 1366, height: 768 } });
  const console_ = await octx.newPage();
  await console_.goto(server.base + '/');
  await allFrench(console_, 'landing');
  await console_.goto(server.base + '/j/ZZZZZZ');
  await allFrench(console_, 'unknown code');
  await console_.goto(server.base + '/o');
  await allFrench(console_, 'organiser sign-in');
  await console_.fill('#key', server.organiser);
  await console_.click('form[action="/o/signin"] button[type=submit]');
  await console_.waitForURL(/\/o$/);
  await allFrench(console_, 'organiser page');
  await console_.goto(server.base + '/new');
  await allFrench(console_, 'create form');
  assert.equal(await console_.locator('#language-fr').isChecked(), true, 'a French organiser makes a French dialogue by default');
  assert.match(await console_.locator('#agenda').inputValue(), /welcome \| Bienvenue/, 'the agenda starts in French');
  // A refused form says so in French, at the top and at the field, and keeps what was typed.
  await console_.fill('#title', 'Dialogue citoyen sur le rapport');
  const agenda = await console_.inputValue('#agenda');
  await console_.fill('#agenda', 'accueil | Bienvenue');
  await console_.click('form[action="/new"] button[type=submit]');
  await console_.waitForURL(/error=invalid_field/);
  await allFrench(console_, 'create form with an error');
  assert.equal(await console_.locator('.error-summary a[href="#agenda"]').count(), 1, 'the error links to its field');
  assert.equal(await console_.getAttribute('#agenda', 'aria-invalid'), 'true');
  assert.match(await console_.locator('#agenda-error').innerText(), /Ce champ n’est pas correct/);
  assert.equal(await console_.inputValue('#title'), 'Dialogue citoyen sur le rapport');
  await console_.fill('#agenda', agenda);
  await console_.fill('#report_title', 'Mobiliser la volonté d’intervenir');
  await console_.fill('#report_recommendations', 'Gouvernement du Canada | Leadership | Faire de la prévention une priorité nationale');
  await console_.click('form[action="/new"] button[type=submit]');
  await console_.waitForURL(/\/f\/[0-9a-f-]+$/);
  const id = console_.url().split('/f/')[1];
  const code = (await console_.locator('.invite .code').innerText()).trim();
  await allFrench(console_, 'console');

  // The projector follows the dialogue, whatever the computer's language.
  const screen = await (await browser.newContext({ ...projector, locale: 'en-US' })).newPage();
  await screen.goto(`${server.base}/p/${id}`);
  await screen.waitForSelector('.conn:not(.down):not(.still)');

  // One phone asks for French; one English browser picks French on the page.
  const amira = await (await browser.newContext({ ...phone, ...french })).newPage();
  const ben = await (await browser.newContext({ locale: 'en-US' })).newPage();
  await ben.goto(server.base + '/');
  assert.equal(await ben.evaluate(() => document.documentElement.lang), 'en');
  // The same check on an English page finds the English.
  await assert.rejects(allFrench(ben, 'English landing'), /English left on the page/);
  await ben.locator('.languages a[hreflang=fr]').click();
  await ben.waitForFunction(() => document.documentElement.lang === 'fr');
  for (const [p, name] of [[amira, 'Amira'], [ben, 'Benoît']]) {
    await p.goto(server.base + '/');
    await p.fill('#code', code);
    await p.click('form.join button[type=submit]');
    await p.waitForURL(/\/j\//);
    await allFrench(p, `join page (${name})`);
    await p.fill('#name', name);
    await p.locator('form:has(#name) button[type=submit]').click();
    await p.waitForSelector('#stage');
    await p.waitForSelector('.conn:not(.down):not(.still)');
  }
  const everyone = async (where) => {
    for (const [p, who] of [[amira, 'phone'], [ben, 'laptop'], [screen, 'projector'], [console_, 'console']]) await allFrench(p, `${where}, ${who}`);
  };
  await everyone('welcome');
  await shot(amira, 'fr-phone-welcome');
  await shot(screen, 'fr-projector-welcome');

  const next = async (stage) => {
    await console_.locator('form:has(input[name=do][value=stage]) button', { hasText: fr.next }).click();
    for (const p of [amira, ben, screen]) await p.waitForSelector(`[data-current="${stage}"]`);
    await console_.waitForSelector(`[data-current="${stage}"]`);
  };
  const say = async (p, kind, text) => {
    await p.fill(`#text-${kind}`, text);
    await p.locator(`form:has(#text-${kind}) button[type=submit]`).click();
    await p.waitForSelector('.saved');
  };

  await next(1);
  await console_.fill('#seconds', '45');
  await console_.locator('.countdown-form button').click();
  await say(amira, 'hope', 'Que la prévention devienne une priorité');
  await say(amira, 'concern', 'Trop peu, trop tard');
  await screen.waitForFunction(() => document.querySelectorAll('.wall li').length === 2);
  await everyone('introductions');
  await shot(screen, 'fr-projector-introductions');

  await next(2);
  await everyone('brief');

  await next(3);
  await say(ben, 'question', 'Qu’entend-on par atrocité de masse?');
  await amira.locator('.item', { hasText: 'atrocité de masse' }).locator('button', { hasText: fr.upvote }).click();
  await screen.waitForFunction(() => document.querySelector('.questions .votes')?.textContent === '1');
  await console_.goto(`${server.base}/f/${id}?kind=question`);
  await console_.locator('textarea[name=text]').first().fill('Le génocide, les crimes contre l’humanité et les crimes de guerre.');
  await console_.locator('button', { hasText: fr['save-answer'] }).click();
  await screen.waitForSelector('.questions li.answered');
  await everyone('questions');

  await next(4);
  for (const [p, v] of [[amira, 4], [ben, 5]]) {
    await rate(p, v);
  }
  await say(ben, 'reservation', 'Trop timide sur l’application');
  await screen.waitForFunction(() => document.querySelector('.histogram rect[data-value="5"]')?.getAttribute('data-n') === '1');
  assert.match(await screen.locator('.histogram .stats').innerText(), /moyenne 4,50/, 'a French decimal comma');
  await everyone('resonance');
  await shot(screen, 'fr-projector-resonance');
  await shot(amira, 'fr-phone-resonance');

  await next(5);
  await amira.fill('#text-recommendation', 'Enseigner la prévention du génocide à l’école');
  await amira.selectOption('#theme', 'Éducation');
  await amira.locator('form:has(#text-recommendation) button[type=submit]').click();
  await ben.locator('.item', { hasText: 'Enseigner la prévention' }).locator('button', { hasText: fr.endorse }).click();
  await screen.waitForFunction(() => document.querySelector('.themes')?.textContent.includes('1 appui'));
  await everyone('recommendations');

  await next(6);
  await say(amira, 'commitment', 'J’en parlerai à mon conseil municipal');
  await everyone('commitments');

  await next(7);
  await everyone('closing');

  // Closing and publishing, then the report in French.
  await console_.goto(`${server.base}/f/${id}`);
  await console_.locator('form:has(input[value=close]) input[name=value]').check();
  await console_.locator('form:has(input[value=close]) button[type=submit]').click();
  await console_.waitForSelector('form:has(input[value=publish])');
  await console_.locator('form:has(input[value=publish]) input[name=value]').check();
  await console_.locator('form:has(input[value=publish]) button[type=submit]').click();
  await console_.waitForSelector('.report .saved');
  await amira.waitForSelector(`a[href$="report.html"]`);
  await everyone('published');
  await shot(amira, 'fr-phone-published');
  const report = await (await browser.newContext(french)).newPage();
  await report.goto(`${server.base}/api/v1/dialogues/${id}/report.html`);
  await allFrench(report, 'report');
});

test('a bilingual dialogue made from an English page gets its defaults in both languages', async () => {
  const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
  await page.goto(`${server.base}/o`);
  await page.fill('#key', server.organiser);
  await page.click('form[action="/o/signin"] button[type=submit]');
  await page.waitForURL(/\/o$/);
  await page.goto(`${server.base}/new`);
  assert.equal(await page.locator('#language-en').isChecked(), true);
  await page.fill('#title', 'Bilingual town hall');
  await page.check('#language-en-fr');
  await page.click('form[action="/new"] button[type=submit]');
  await page.waitForURL(/\/f\/[0-9a-f-]+$/);
  const id = page.url().split('/f/')[1];
  const d = await (await fetch(`${server.base}/api/v1/dialogues/${id}`)).json();
  assert.equal(d.language, 'en+fr');
  assert.equal(d.agenda[0].title, 'Welcome / Bienvenue');
  assert.equal(d.themes[0], 'Education / Éducation');
});
