// Entry of dist/render.js (`npx pfp-almanac render`, `import … from 'pfp-almanac/render'`): the
// prerender (prerender.js), which renders synchronously, with every language's strings at hand.
import { addLanguage } from './i18n.js';
import fr from './i18n.fr.js';
import ru from './i18n.ru.js';

addLanguage('fr', fr);
addLanguage('ru', ru);

export * from './prerender.js';
