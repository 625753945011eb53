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

// The first views that wait for the wasm (timeline.js previewAlmanac): a story shows quotes, and a
// corpus of the page's own (`src`) has no projection; <pfp-annotate> waits for idle anyway. For
// them the script requests the wasm's glue and the story's look with its own modules (bootstrap.js)
// and the almanac as soon as it runs (autoload.js), not once the element's module has run.
export const STORY = 'pfp-timeline[look="story" i]';
export const WAITS_FOR_WASM = `${STORY}, pfp-timeline[src], pfp-entity[src], pfp-search[src]`;
