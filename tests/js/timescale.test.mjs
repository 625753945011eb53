// The timeline's geometry (www/widget/timescale.js) on its own: the axis a window gets, and the
// placement of boxes, which must never overlap at any width or zoom and must keep every event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  endOf,
  fitWindow,
  place,
  spanOf,
  startOf,
  ticksFor,
  utc,
} from '../../www/widget/timescale.js';

const iso = (t) => new Date(t).toISOString().slice(0, 10);

test('dates are the periods they name: a year is a year long, a month a month, a day a point', () => {
  assert.equal(iso(startOf('1994')), '1994-01-01');
  assert.equal(iso(endOf('1994')), '1995-01-01');
  assert.equal(iso(endOf('1994-12')), '1995-01-01');
  assert.equal(iso(endOf('1994-02-28')), '1994-03-01');
  assert.deepEqual(spanOf({ date: '1996', end: '2005' }), {
    start: utc(1996),
    end: utc(2006),
    point: false,
    brief: false,
  });
  assert.equal(spanOf({ date: '1994-01-10', end: '1994-01-11' }).brief, true);
  assert.equal(spanOf({ date: '1994-10' }).brief, false);
  assert.equal(spanOf({ date: '1994-01-10' }).point, true);
  assert.equal(spanOf({ date: '1994-10' }).point, false);
});

test('the window is from..to when given, else the years the events span', () => {
  const spans = [spanOf({ date: '1994-03-10' }), spanOf({ date: '2002-05-28' })];
  assert.deepEqual(fitWindow(spans, '1994', '1994'), { start: utc(1994), end: utc(1995) });
  assert.deepEqual(fitWindow(spans, '1994-03', '1994-03'), {
    start: utc(1994, 2),
    end: utc(1994, 3),
  });
  assert.deepEqual(fitWindow(spans), { start: utc(1994), end: utc(2003) });
});

test('ticks fit the window: a year shows its months under one year label, a month its days, 18 years their years', () => {
  const year = ticksFor(utc(1994), utc(1995), 1200);
  assert.equal(year.unit, 'month');
  assert.deepEqual(
    year.minor.map(iso),
    Array.from({ length: 12 }, (_, m) => `1994-${String(m + 1).padStart(2, '0')}-01`),
  );
  assert.deepEqual(year.major.map(iso), ['1994-01-01']);

  const month = ticksFor(utc(1994, 1), utc(1994, 2), 1200);
  assert.equal(month.unit, 'day');
  assert.equal(month.minor.length, 28, 'February 1994 has 28 day ticks at 1200 px');
  assert.deepEqual(month.major.map(iso), ['1994-02-01']);

  const years = ticksFor(utc(1993), utc(2011), 1200);
  assert.equal(years.unit, 'year');
  assert.deepEqual(
    years.minor.map((t) => new Date(t).getUTCFullYear()),
    Array.from({ length: 18 }, (_, k) => 1993 + k),
  );
  assert.deepEqual(years.major, []);

  // Narrower: fewer labels, never closer than their room.
  const narrow = ticksFor(utc(1993), utc(2011), 500);
  const gaps = narrow.minor
    .slice(1)
    .map((t, k) => ((t - narrow.minor[k]) * 500) / (utc(2011) - utc(1993)));
  assert.ok(
    gaps.every((g) => g >= 40),
    `ticks ${gaps.map(Math.round).join(', ')} px apart at 500 px`,
  );
});

// A seeded random stream, so a failure names a case that can be run again.
function random(seed) {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) % 2 ** 32;
    return s / 2 ** 32;
  };
}

function overlaps(items, gap = 0) {
  const pairs = [];
  for (let a = 0; a < items.length; a++) {
    for (let b = a + 1; b < items.length; b++) {
      const [p, q] = [items[a], items[b]];
      if (p.row === q.row && p.left < q.left + q.width + gap && q.left < p.left + p.width + gap)
        pairs.push([a, b]);
    }
  }
  return pairs;
}

test('boxes never overlap, stay on the track and within the rows, and every entry is placed exactly once', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const rnd = random(seed);
    const n = 1 + Math.floor(rnd() * 120);
    const trackWidth = 200 + rnd() * 4000;
    const maxRows = 1 + Math.floor(rnd() * 6);
    const dense = rnd() < 0.5;
    const entries = Array.from({ length: n }, () => ({
      x: (dense ? rnd() ** 3 : rnd()) * trackWidth,
      span: rnd() < 0.2 ? rnd() * 200 : 0,
      width: 96 + rnd() * 104,
    })).sort((a, b) => a.x - b.x);
    const { items } = place(entries, { maxRows, trackWidth, clusterWidth: 128 });
    const where = `seed ${seed}: ${n} entries, ${Math.round(trackWidth)} px, ${maxRows} rows`;
    assert.deepEqual(overlaps(items), [], `${where}: overlapping boxes`);
    assert.ok(
      items.every((it) => it.row >= 0 && it.row < maxRows),
      `${where}: a box outside the rows`,
    );
    assert.ok(
      items.every(
        (it) => it.left >= 0 && (it.left + it.width <= trackWidth + 0.01 || it.left === 0),
      ),
      `${where}: a box off the track`,
    );
    // Items are runs of consecutive entries, in order, covering all of them once.
    let next = 0;
    for (const it of [...items].sort((a, b) => a.first - b.first)) {
      assert.equal(it.first, next, `${where}: entries skipped or repeated`);
      assert.ok(it.last >= it.first);
      next = it.last + 1;
    }
    assert.equal(next, n, `${where}: not every entry placed`);
  }
});

test('where there is room nothing is grouped; where there is none, the closest events are', () => {
  const spread = Array.from({ length: 10 }, (_, k) => ({ x: k * 150, span: 0, width: 140 }));
  assert.equal(place(spread, { maxRows: 1, trackWidth: 1500 }).items.length, 10);
  // Three events on one day among spread ones, one row: the three become one cluster.
  const crowded = [
    { x: 0, span: 0, width: 140 },
    { x: 600, span: 0, width: 140 },
    { x: 601, span: 0, width: 140 },
    { x: 602, span: 0, width: 140 },
    { x: 1200, span: 0, width: 140 },
  ];
  const { items } = place(crowded, { maxRows: 1, trackWidth: 1400, clusterWidth: 128 });
  assert.deepEqual(
    items.map((it) => [it.first, it.last]),
    [
      [0, 0],
      [1, 3],
      [4, 4],
    ],
  );
  // With three rows they all have a row of their own.
  assert.equal(place(crowded, { maxRows: 3, trackWidth: 1400 }).items.length, 5);
  // Unbounded rows (the closest zoom): never grouped.
  const sameDay = Array.from({ length: 9 }, () => ({ x: 50, span: 0, width: 120 }));
  assert.equal(place(sameDay, { maxRows: Infinity, trackWidth: 300 }).items.length, 9);
});
