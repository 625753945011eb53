// The one global, `PfpAlmanac` = { version, load, elements }. The first copy of the widget on a page
// claims it; a second copy (the same or another version) finds it there, keeps it and registers
// nothing. A plain object the host set up beforehand (say, { wasmUrl }) is kept and completed.

// Replaced at build time from package.json (scripts/build-widget.mjs); the dev page shows 'dev'.
export const version = typeof __PFP_VERSION__ === 'string' ? __PFP_VERSION__ : 'dev';

/** The namespace, claimed for this copy, or null when another copy has it already. */
export function claimNamespace(fields) {
  const existing = globalThis.PfpAlmanac;
  if (existing && typeof existing === 'object' && typeof existing.version === 'string') return null;
  const ns = existing && typeof existing === 'object' ? existing : {};
  Object.assign(ns, fields);
  globalThis.PfpAlmanac = ns;
  return ns;
}
