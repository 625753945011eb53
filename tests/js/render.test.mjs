// `npx pfp-almanac render` and `pfp-almanac/render`: the static HTML of an element's first view,
// which authors paste inside the element. Checked against the API's own answers, never a copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from '../../dist/node.js';
import { escapeHtml, renderEntity, renderTimeline } from '../../dist/render.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = (...args) =>
  spawnSync('node', [path.join(root, 'dist/cli.mjs'), 'render', ...args], { encoding: 'utf8' });
const almanac = await load();

/** The <li>s of a rendered list: each one's datetime and text. */
function items(html) {
  return [...html.matchAll(/<li><time datetime="([^"]+)">([^<]*)<\/time>(.*?)<\/li>/g)].map(
    (m) => ({
      datetime: m[1],
      text: m[3],
    }),
  );
}

test('render timeline prints the element with every event of its window: date, title and source names', () => {
  const run = cli('timeline', 'from=1993', 'to=2010');
  assert.equal(run.status, 0, run.stderr);
  const html = run.stdout;
  assert.match(html, /^<pfp-timeline from="1993" to="2010">\n<ol>/);
  assert.match(html, /<\/pfp-timeline>\n$/);
  const events = almanac.timeline({ from: '1993', to: '2010' });
  const listed = items(html);
  assert.equal(listed.length, events.length, 'one <li> per event of the window');
  const docs = new Map(almanac.documents().map((d) => [d.id, d]));
  for (const [i, ev] of events.entries()) {
    assert.equal(listed[i].datetime, ev.date, `${ev.id}: <time datetime>`);
    assert.ok(listed[i].text.includes(escapeHtml(ev.title)), `${ev.id}: its title`);
    for (const c of ev.citations)
      assert.ok(
        listed[i].text.includes(escapeHtml(docs.get(c.document).short)),
        `${ev.id}: source ${c.document}`,
      );
  }
  // The encyclopedia is cited, so its CC BY-SA attribution comes with the list.
  assert.ok(html.includes(escapeHtml(docs.get('encyclopedia').attribution)));
});

test("render entity prints the card's opening lines: name, description, key dates with sources", () => {
  const run = cli('entity', 'name=Malta', 'lang=fr');
  assert.equal(run.status, 0, run.stderr);
  const malta = almanac.lookup('Malta');
  assert.match(run.stdout, /^<pfp-entity name="Malta" lang="fr">/);
  assert.ok(run.stdout.includes(`<strong>${escapeHtml(malta.name)}</strong> (Pays)`));
  const listed = items(run.stdout).map((i) => i.datetime);
  assert.ok(listed.includes('1995-04-26'), 'the signature');
  assert.ok(listed.includes('1996-10-27'), 'the withdrawal');
  assert.match(run.stdout, /26 avril 1995/, "dates in the card's language");
});

test('a bring-your-own corpus renders from its compiled file', () => {
  const corpus = path.join(root, 'dist/examples/three-documents.almanac');
  const run = cli('timeline', '--corpus', corpus);
  assert.equal(run.status, 0, run.stderr);
  assert.ok(items(run.stdout).length > 0);
  assert.doesNotMatch(run.stdout, /Partnership for Peace|NATO/, 'nothing from the built-in corpus');
});

test('render says what was wrong with its arguments, and exits non-zero', () => {
  for (const [args, message] of [
    [['chart'], /"chart" is not one of timeline, entity/],
    [['timeline', 'form=1994'], /unexpected argument "form=1994": <pfp-timeline> reads from=, to=/],
    [['timeline', 'from=1994-13'], /invalid date "1994-13": the month must be 01 to 12/],
    [['entity', 'name=Atlantis'], /no entity "Atlantis"/],
  ]) {
    const run = cli(...args);
    assert.notEqual(run.status, 0, args.join(' '));
    assert.match(run.stderr, message, args.join(' '));
  }
});

test('corpus text and attribute values are escaped, never written as HTML', () => {
  const hostile = '<img src=x onerror=alert(1)> & "quoted"';
  const fake = {
    documents: () => [{ id: 'd', short: hostile, title: hostile }],
    entity: () => null,
    lookup: () => null,
    timeline: () => [
      {
        id: 'e',
        date: '1994',
        kind: hostile,
        title: hostile,
        qualifier: hostile,
        citations: [{ document: 'd' }],
      },
    ],
  };
  const html = renderTimeline(fake, { from: '1994"><script>', lang: 'en' });
  assert.doesNotMatch(html, /<img|<script|"><|onerror=alert\(1\)>/);
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;'));
  assert.throws(() => renderEntity(fake, { name: 'x' }), /no entity "x"/);
});
