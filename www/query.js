// The demo query page. Every piece of corpus data goes into the page through textContent or
// createTextNode, never innerHTML: the sources are third-party text.
import { load } from '/dist/index.js';
import { needsAttribution } from './widget/cite.js';

const $ = (id) => document.getElementById(id);

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function showError(target, error) {
  target.replaceChildren(el(target.tagName === 'OL' ? 'li' : 'p', error.message, 'error'));
}

/** The snippet with its [start, end) highlight ranges (UTF-16 offsets) wrapped in <mark>. */
function highlighted(snippet, highlights) {
  const p = el('p');
  let at = 0;
  for (const [start, end] of [...highlights].sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    p.append(
      document.createTextNode(snippet.slice(at, start)),
      el('mark', snippet.slice(start, end)),
    );
    at = end;
  }
  p.append(document.createTextNode(snippet.slice(at)));
  return p;
}

/** The attribution lines of the documents whose text `hits` show, from the corpus's own fields. */
function attributions(documents, hits) {
  const shown = new Set(hits.map((hit) => hit.document));
  return documents
    .filter((doc) => shown.has(doc.id) && needsAttribution(doc))
    .map((doc) => el('p', doc.attribution));
}

function wire(almanac) {
  const documents = almanac.documents();
  $('lookup-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const out = $('lookup-result');
    try {
      const entity = almanac.lookup($('lookup-input').value);
      if (entity === null) {
        out.replaceChildren(el('p', 'No entity by that name.'));
        return;
      }
      out.replaceChildren(
        el('h3', entity.name),
        el('p', entity.description),
        el('p', `${entity.kind} · ${entity.id}`, 'label'),
      );
      const facts = el('ul');
      for (const fact of entity.facts) facts.append(el('li', fact.text));
      if (entity.facts.length) out.append(facts);
    } catch (error) {
      showError(out, error);
    }
  });

  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const list = $('search-results');
    try {
      const result = almanac.search($('search-input').value, { limit: 20 });
      $('search-total').textContent = `${result.total} passage${result.total === 1 ? '' : 's'}`;
      document.body.dataset.total = String(result.total);
      list.replaceChildren(
        ...result.hits.map((hit) => {
          const li = el('li');
          li.append(el('span', hit.label, 'label'), highlighted(hit.snippet, hit.highlights));
          return li;
        }),
      );
      $('search-attribution').replaceChildren(...attributions(documents, result.hits));
    } catch (error) {
      $('search-total').textContent = '';
      $('search-attribution').replaceChildren();
      showError(list, error);
    }
  });

  $('timeline-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const list = $('timeline-results');
    try {
      const from = $('timeline-from').value.trim() || undefined;
      const to = $('timeline-to').value.trim() || undefined;
      const events = almanac.timeline({ from, to });
      if (!events.length) {
        list.replaceChildren(el('li', 'No events in that range.'));
        return;
      }
      list.replaceChildren(
        ...events.map((e) =>
          el(
            'li',
            `${e.date}${e.end ? ` – ${e.end}` : ''}${e.qualifier ? ` (${e.qualifier})` : ''}: ${e.title}`,
          ),
        ),
      );
    } catch (error) {
      showError(list, error);
    }
  });
}

try {
  const almanac = await load();
  const stats = almanac.stats();
  $('status').textContent =
    `${stats.name}: ${stats.documents} documents, ${stats.passages} passages, ${stats.entities} entities, ${stats.events} events.`;
  wire(almanac);
  for (const form of ['lookup-form', 'search-form', 'timeline-form']) $(form).requestSubmit();
} catch (error) {
  $('status').textContent = error.message;
  $('status').className = 'error';
}
