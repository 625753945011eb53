// The timeline's geometry, without a DOM: dates as UTC milliseconds at their own precision, the
// axis ticks for a window and a width, and the placement of labeled boxes in rows so that none
// overlap, grouping neighbours into clusters where they would need more rows than there are.
// Pure functions, so Node tests can check them against many widths and windows.

const DAY = 86_400_000;

/** `1994`, `1994-05`, `1994-05-09` → [year, month (0-based), day]; missing parts are the period's start. */
function parts(iso) {
  const [y, m = 1, d = 1] = iso.split('-').map(Number);
  return [y, m - 1, d];
}

/** UTC milliseconds of y-m-d, for any year (Date.UTC maps 0-99 to 1900-1999). */
export const clamp = (x, lo, hi) => Math.max(lo, Math.min(hi, x));

export function utc(y, m = 0, d = 1) {
  const date = new Date(Date.UTC(2000, m, d));
  date.setUTCFullYear(y, m, d);
  return date.getTime();
}

/** The start of the period an ISO partial date names. */
export function startOf(iso) {
  return utc(...parts(iso));
}

/** The end (exclusive) of the period an ISO partial date names: `1994` ends at 1995-01-01. */
export function endOf(iso) {
  const [y, m, d] = parts(iso);
  const precision = iso.split('-').length;
  if (precision === 1) return utc(y + 1);
  if (precision === 2) return utc(y, m + 1);
  return utc(y, m, d + 1);
}

/**
 * Where an event lies: from the start of its date's period to the end of its end's (or its own)
 * period. A day is a point (`point: true`); a year or a month is the span it names, never a day.
 * `brief`: dated to the day and over within a month (a day, or a two-day summit), against periods
 * (a year, a month, years of funding).
 */
export function spanOf(ev) {
  const start = startOf(ev.date);
  const end = endOf(ev.end ?? ev.date);
  const byDay = ev.date.split('-').length === 3;
  return { start, end, point: !ev.end && byDay, brief: byDay && end - start <= 31 * DAY };
}

/** The window a timeline opens on: `from`..`to` where given (whole periods), else the events' own years. */
export function fitWindow(spans, from, to) {
  let start = from ? startOf(from) : Infinity;
  let end = to ? endOf(to) : -Infinity;
  if (!from)
    for (const s of spans) start = Math.min(start, utc(new Date(s.start).getUTCFullYear()));
  if (!to)
    for (const s of spans) end = Math.max(end, endOf(String(new Date(s.end - 1).getUTCFullYear())));
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) {
    const year = new Date().getUTCFullYear();
    return { start: utc(year), end: utc(year + 1) };
  }
  return { start, end };
}

// Tick scales, finest first, each with the least room (px) its label needs between two ticks.
const SCALES = [
  { unit: 'day', step: 1, room: 30 },
  { unit: 'day', step: 2, room: 30 },
  { unit: 'day', step: 5, room: 30 },
  { unit: 'month', step: 1, room: 46 },
  { unit: 'month', step: 3, room: 46 },
  { unit: 'year', step: 1, room: 44 },
  { unit: 'year', step: 2, room: 44 },
  { unit: 'year', step: 5, room: 44 },
  { unit: 'year', step: 10, room: 44 },
  { unit: 'year', step: 50, room: 44 },
  { unit: 'year', step: 100, room: 44 },
];
const TYPICAL = { day: DAY, month: 30.44 * DAY, year: 365.25 * DAY };

/** The next tick after `t` (a tick itself) on `scale`. */
function nextTick(t, { unit, step }) {
  const d = new Date(t);
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
  if (unit === 'year') return utc(y + step);
  if (unit === 'month') return utc(y, m + step);
  // Days restart at each month's 1st (1, 6, 11, ... 26), so every month starts with a tick.
  const next = day + step;
  return next > 28 && step > 1 ? utc(y, m + 1) : utc(y, m, next);
}

/** The first tick at or before `t` on `scale`. */
function floorTick(t, { unit, step }) {
  const d = new Date(t);
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
  if (unit === 'year') return utc(Math.floor(y / step) * step);
  if (unit === 'month') return utc(y, Math.floor(m / step) * step);
  return utc(y, m, Math.min(1 + Math.floor((day - 1) / step) * step, step > 1 ? 26 : day));
}

/**
 * The ticks of the window [t0, t1) drawn `width` px wide: the finest scale whose labels fit, its
 * ticks (`minor`, with the unit to label them in) and the starts of the next unit up (`major`:
 * months over days, years over months; none over years). Only ticks inside the window.
 */
export function ticksFor(t0, t1, width) {
  const perMs = width / Math.max(1, t1 - t0);
  const scale =
    SCALES.find((s) => TYPICAL[s.unit] * s.step * perMs >= s.room) ?? SCALES[SCALES.length - 1];
  const minor = [];
  for (let t = floorTick(t0, scale); t < t1 && minor.length < 400; t = nextTick(t, scale))
    if (t >= t0) minor.push(t);
  const majorUnit = scale.unit === 'day' ? 'month' : scale.unit === 'month' ? 'year' : null;
  const major = [];
  if (majorUnit) {
    const up = { unit: majorUnit, step: 1 };
    for (let t = floorTick(t0, up); t < t1 && major.length < 400; t = nextTick(t, up))
      major.push(Math.max(t, t0));
  }
  return { unit: scale.unit, minor, majorUnit, major };
}

/**
 * Places boxes in rows, none overlapping, grouping where they would need more than `maxRows`.
 *
 * `entries`, in date order: `{ x, span, width }` in px along the whole track: where the date is,
 * how wide its period or range is, and how wide its label would like to be. The result is a list
 * of items, each a run of consecutive entries `first..last` (one entry, or a cluster of several),
 * with its box `left`, `width` and `row`. A box is at least as wide as its label (`clusterWidth`
 * for a cluster) or its span, starts at its date, and is moved left only to stay on the track.
 *
 * Where a box finds no free row, the two neighbours in time closest together among the boxes in
 * its way are grouped, and the rows are filled again: clusters form where the events are densest
 * and always hold consecutive events, so a cluster reads as one period ("Jan – Feb 1994").
 */
export function place(entries, { maxRows, trackWidth, gap = 6, clusterWidth = 120 }) {
  let runs = entries.map((_, i) => ({ first: i, last: i }));
  for (;;) {
    const boxes = runs.map((run) => boxOf(run, entries, trackWidth, clusterWidth));
    const order = boxes.map((_, i) => i).sort((a, b) => boxes[a].left - boxes[b].left || a - b);
    const free = []; // per row: the x from which it is free
    let blocked = -1;
    for (const i of order) {
      const box = boxes[i];
      let row = free.findIndex((x) => x <= box.left);
      if (row < 0) row = free.length;
      if (row >= maxRows) {
        blocked = i;
        break;
      }
      free[row] = box.left + box.width + gap;
      box.row = row;
    }
    if (blocked < 0) return { items: boxes, rows: Math.max(1, free.length) };
    // The boxes in the way: every placed one still occupying the blocked box's start.
    const at = boxes[blocked].left;
    let lo = blocked;
    let hi = blocked;
    for (let i = 0; i < boxes.length; i++) {
      const b = boxes[i];
      if (b.row !== undefined && b.left <= at && b.left + b.width + gap > at) {
        lo = Math.min(lo, i);
        hi = Math.max(hi, i);
      }
    }
    // Group the two consecutive runs in lo..hi that make the narrowest cluster (a long range
    // grouped with a day would make a cluster as long as the range), the closest in time of those.
    // Growing a cluster costs one title where a new one costs two, so a new one counts a
    // cluster's width more.
    let best = lo;
    let bestCost = [Infinity, Infinity];
    for (let k = lo; k < hi; k++) {
      const fresh = runs[k].first === runs[k].last && runs[k + 1].first === runs[k + 1].last;
      const width = runWidth(runs[k].first, runs[k + 1].last, entries) + (fresh ? clusterWidth : 0);
      const cost = [width, entries[runs[k + 1].first].x - entries[runs[k].last].x];
      if (cost[0] < bestCost[0] || (cost[0] === bestCost[0] && cost[1] < bestCost[1])) {
        bestCost = cost;
        best = k;
      }
    }
    runs = [
      ...runs.slice(0, best),
      { first: runs[best].first, last: runs[best + 1].last },
      ...runs.slice(best + 2),
    ];
  }
}

/** How far the events first..last reach along the track, from the first one's date. */
function runWidth(first, last, entries) {
  let right = entries[first].x + entries[first].span;
  for (let i = first + 1; i <= last; i++) right = Math.max(right, entries[i].x + entries[i].span);
  return right - entries[first].x;
}

function boxOf(run, entries, trackWidth, clusterWidth) {
  const first = entries[run.first];
  const cluster = run.last > run.first;
  const span = runWidth(run.first, run.last, entries);
  const width = Math.max(span, cluster ? clusterWidth : first.width);
  const left = Math.max(0, Math.min(first.x, trackWidth - width));
  // markLeft and span: where the run's own dates lie inside its box (the mark drawn under the label).
  return {
    first: run.first,
    last: run.last,
    left,
    width,
    markLeft: first.x - left,
    span,
    row: undefined,
  };
}
