// UI strings of the widget (en here; fr and ru in modules of their own, loaded when an element
// first needs them) and the language rules: the element's own `lang`, else the closest ancestor's,
// else the document's. Only these three; anything else falls back to English for strings but keeps
// its own locale for Intl date formatting.
// Plurals of the event kinds, for a cluster's label ("12 signatures"); a kind not listed is
// written "12 × Kind".
const PLURAL_EN = {
  meeting: 'meetings',
  summit: 'summits',
  signature: 'signatures',
  withdrawal: 'withdrawals',
  reactivation: 'reactivations',
  invitation: 'invitations',
  accession: 'accessions',
  application: 'applications',
  establishment: 'establishments',
  launch: 'launches',
  declaration: 'declarations',
  funding: 'funding decisions',
  crisis: 'crises',
  renaming: 'renamings',
  resolution: 'resolutions',
  statement: 'statements',
  participation: 'participations',
  joining: 'joinings',
};
// The other languages, each loaded once (languageReady) and kept in STRINGS.
const LANGUAGES = {
  fr: () => import('./i18n.fr.js'),
  ru: () => import('./i18n.ru.js'),
};
const loadingLanguages = new Map();

const STRINGS = {
  en: {
    loading: 'Loading the almanac…',
    error: 'The almanac could not be loaded.',
    errorCsp:
      "This page does not allow WebAssembly (its Content-Security-Policy needs 'wasm-unsafe-eval'), so the almanac cannot run here.",
    retry: 'Retry',
    timeline: 'Timeline',
    events: (n) => `${n} event${n === 1 ? '' : 's'}`,
    noEvents: 'No events in this range.',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    zoomFit: 'Whole period',
    // A group of events too close together to label at this zoom: "12 signatures", "5 events";
    // `label` is the kind's label, for a kind without a plural here ("3 × Renaming").
    cluster: (n, kind, label) =>
      `${n} ${kind ? (PLURAL_EN[kind] ?? `× ${label}`) : n === 1 ? 'event' : 'events'}`,
    zoomToThem: 'zoom in to show them',
    showAll: (n) => `Show all ${n} events`,
    showFewer: 'Show fewer events',
    previous: 'Previous',
    next: 'Next',
    slideOf: (k, n) => `${k} of ${n}`,
    slide: 'event',
    close: 'Close',
    sources: 'Sources',
    source: 'Source',
    singleSource: 'Dated by a single source.',
    noEntry: (x) => `No entry for “${x}”`,
    keyDates: 'Key dates',
    facts: 'Facts',
    relations: 'Relations',
    disagreements: 'Where the sources disagree',
    searchLabel: 'Search the sources',
    searchPlaceholder: 'e.g. democratic control',
    allDocuments: 'All documents',
    document: 'Document',
    fromYear: 'From year',
    toYear: 'To year',
    results: (n) => (n === 0 ? 'No results' : `${n} result${n === 1 ? '' : 's'}`),
    // Labels of what the corpus names in English: every event kind (model.rs EVENT_KINDS), entity
    // kind and relation kind the corpus uses, and the signatories' offices in the forms the
    // compiler reads from the STO signatures table (a relation's `office.form`).
    kinds: {
      meeting: 'Meeting',
      summit: 'Summit',
      signature: 'Signature',
      withdrawal: 'Withdrawal',
      reactivation: 'Reactivation',
      invitation: 'Invitation',
      accession: 'Accession',
      application: 'Application',
      establishment: 'Establishment',
      launch: 'Launch',
      declaration: 'Declaration',
      funding: 'Funding',
      crisis: 'Crisis',
      renaming: 'Renaming',
      resolution: 'Resolution',
      statement: 'Statement',
      participation: 'Participation',
      joining: 'Joining',
    },
    relationKinds: {
      'member-of': 'member of',
      'located-in': 'located in',
      'programme-of': 'programme of',
      'established-by': 'established by',
      'part-of': 'part of',
      'under-authority-of': 'under the authority of',
      'political-framework': 'political framework:',
      'signed-for': 'signed for',
      'successor-of': 'successor of',
      'chaired-by': 'chaired by',
      'signed-in': 'signed in',
      'office-of': 'an office of',
      'participant-in': 'participant in',
      'observer-of': 'observer of',
      'capital-of': 'capital of',
      amends: 'amends',
    },
    entityKinds: {
      country: 'Country',
      organisation: 'Organisation',
      programme: 'Programme',
      person: 'Person',
      place: 'Place',
      document: 'Document',
    },
    offices: {
      FM: 'Foreign Minister',
      PM: 'Prime Minister',
      PDT: 'President',
      DPM: 'Deputy Prime Minister',
      'DPM/FM': 'Deputy Prime Minister and Foreign Minister',
      'AMB.': 'Ambassador',
      'Head of Government': 'Head of Government',
    },
    // An accession key date, with the organisation the event names (its name in this language).
    accessionTo: (org) => `Accession to ${org}`,
    signedBy: 'Signed by',
    timelineShort: 'Timeline',
    otherLane: 'General',
    inContext: 'In context',
    matched: 'Matched passage',
    about: (x) => `About ${x}`,
  },
};

/** The language tag that applies to `el`: its own, its closest ancestor's (across shadow roots), the document's. */
export function langOf(el) {
  let node = el;
  while (node) {
    const found = node.closest?.('[lang]');
    if (found?.getAttribute('lang')) return found.getAttribute('lang');
    const root = node.getRootNode?.();
    node = root?.host ? root.host : null;
  }
  return document.documentElement.getAttribute('lang') || 'en';
}

/** The UI strings for a language tag (`fr-CA` → fr); English when we have none (or not yet: languageReady). */
export function strings(lang) {
  const base = uiLang(lang);
  return Object.hasOwn(STRINGS, base) ? STRINGS[base] : STRINGS.en;
}

/** The base language we have strings for ('en', 'fr' or 'ru'). */
export function uiLang(lang) {
  const base = String(lang || 'en')
    .toLowerCase()
    .split('-')[0];
  // Own keys only: lang="constructor" or "__proto__" must not find Object.prototype's members.
  return Object.hasOwn(LANGUAGES, base) ? base : 'en';
}

/** Makes a language's strings available at once (the single-file builds and `pfp-almanac/render`). */
export function addLanguage(lang, table) {
  STRINGS[lang] = table;
}

/** Null when the strings of `lang` are here; else a promise that resolves once they are. */
export function languageReady(lang) {
  const base = uiLang(lang);
  if (Object.hasOwn(STRINGS, base)) return null;
  if (!loadingLanguages.has(base)) {
    loadingLanguages.set(
      base,
      LANGUAGES[base]().then(
        (module) => addLanguage(base, module.default),
        (error) => {
          addLanguage(base, STRINGS.en); // English on this page rather than no view
          console.error(`pfp-almanac: could not load the ${base} strings`, error);
        },
      ),
    );
  }
  return loadingLanguages.get(base);
}

function safeLocale(lang) {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([lang]).length ? lang : 'en';
  } catch {
    return 'en';
  }
}

// Building an Intl.DateTimeFormat costs far more than using one (a timeline formats ~100 dates:
// it was the largest part of the first render in a Chromium profile), so keep one per language
// and format. Throws like the constructor for an unusable language.
const formatters = new Map();
function formatter(lang, format) {
  const key = `${lang}|${format}`;
  let f = formatters.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(safeLocale(lang), FORMATS[format]);
    formatters.set(key, f);
  }
  return f;
}

const warming = new Set();

/**
 * Builds the date formatters of a language ahead of use, in the next task, once per language. The
 * first Intl call of a page loads the browser's locale data (~30 ms in a fresh Chromium profile);
 * done while the wasm downloads, it is off the first render's path. Never throws.
 */
export function warmUp(lang) {
  if (warming.has(lang)) return;
  warming.add(lang);
  setTimeout(() => {
    try {
      for (const format of Object.keys(FORMATS)) formatter(lang, format);
    } catch {
      /* an unusable language: formatDate falls back the same way */
    }
  }, 0);
}

const FORMATS = {
  year: { year: 'numeric', timeZone: 'UTC' },
  month: { year: 'numeric', month: 'long', timeZone: 'UTC' },
  day: { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' },
  // A timeline's axis: a tick's label in the unit of its scale, and the major labels above them.
  'axis-day': { day: 'numeric', timeZone: 'UTC' },
  'axis-month': { month: 'short', timeZone: 'UTC' },
  'axis-year': { year: 'numeric', timeZone: 'UTC' },
  'axis-monthYear': { month: 'long', year: 'numeric', timeZone: 'UTC' },
};

function parse(iso) {
  const [y, m = 1, d = 1] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(2000, m - 1, d));
  date.setUTCFullYear(y);
  return date;
}

/** A partial ISO date's precision: `year`, `month` or `day`, as the core names it. */
export function precisionOf(iso) {
  const parts = iso.split('-').length;
  return parts === 1 ? 'year' : parts === 2 ? 'month' : 'day';
}

/** A tick of a timeline's axis at UTC time `t` in `unit` (`day`, `month`, `year`, `monthYear`): "12", "Feb", "1994". */
export function axisLabel(t, unit, lang) {
  try {
    return formatter(lang, `axis-${unit}`).format(new Date(t));
  } catch {
    return new Date(t).toISOString().slice(0, unit === 'year' ? 4 : unit === 'day' ? 10 : 7);
  }
}

/** Formats an ISO partial date (`1994`, `1994-01`, `1994-01-10`) at its own precision, never more exact. */
export function formatDate(iso, lang) {
  if (!iso) return '';
  try {
    return formatter(lang, precisionOf(iso)).format(parse(iso));
  } catch {
    return iso;
  }
}

/** A date or a range as <time datetime> writes it: `1994-01-10`, `1996/2005`. */
export function isoRange(date, end) {
  return end ? `${date}/${end}` : date;
}

/** An event's date as the timeline shows it: the date or range, and its qualifier ("by mid-October"). */
export function eventWhen(ev, lang) {
  return `${formatRange(ev.date, ev.end, lang)}${ev.qualifier ? ` (${ev.qualifier})` : ''}`;
}

/** A date or a range (`date` to `end`), at their precision: "10–11 January 1994", "1996–2005". */
export function formatRange(date, end, lang) {
  if (!end) return formatDate(date, lang);
  const p = precisionOf(date);
  if (p === precisionOf(end)) {
    try {
      const f = formatter(lang, p);
      if (typeof f.formatRange === 'function') return f.formatRange(parse(date), parse(end));
    } catch {
      /* fall through */
    }
  }
  return `${formatDate(date, lang)} – ${formatDate(end, lang)}`;
}

/** A key of one of the tables of `strings(lang)`, own keys only (a corpus kind "toString" is not a label). */
function label(lang, table, key) {
  const t = strings(lang)[table];
  return key && Object.hasOwn(t, key) ? t[key] : null;
}

/** "signature" → "Signature" in English, "Подписание" in Russian; a kind we have no word for is shown as it is. */
export function kindLabel(kind, lang) {
  return (
    label(lang, 'kinds', kind) ??
    (kind ? kind.charAt(0).toUpperCase() + kind.slice(1).replace(/-/g, ' ') : '')
  );
}

/** An entity kind ("country" → "Pays" in French). */
export function entityKindLabel(kind, lang) {
  return label(lang, 'entityKinds', kind) ?? kindLabel(kind, 'en');
}

/** A relation kind as the words before its target ("member-of" → "membre de"). */
export function relationLabel(kind, lang) {
  return label(lang, 'relationKinds', kind) ?? String(kind ?? '').replace(/-/g, ' ');
}

/** An office as a source abbreviates it ("DPM/FM") in words, or null when we do not know it. */
export function officeLabel(form, lang) {
  return label(lang, 'offices', form);
}

/** An entity's name in the language of `lang` where the corpus gives one, else its name. */
export function nameIn(entity, lang) {
  const names = entity?.names;
  const base = uiLang(lang);
  return (names && Object.hasOwn(names, base) && names[base]) || entity?.name || '';
}
