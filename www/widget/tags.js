// Each element's tag: the module (www/widget/) that defines its class, and the class's name. The
// split build imports a module when its tag first appears (autoload.js); the classic script fetches
// that module's chunks at once for the tags already on the page (bootstrap.js).
export const TAGS = {
  'pfp-timeline': ['timeline.js', 'PfpTimeline'],
  'pfp-entity': ['entity.js', 'PfpEntity'],
  'pfp-search': ['search.js', 'PfpSearch'],
  'pfp-annotate': ['annotate.js', 'PfpAnnotate'],
  'pfp-mention': ['annotate.js', 'PfpMention'],
};
