// Keeping the host page responsive: widget work that can be large (many elements rendering at once
// when the wasm arrives or a scroll brings several near, annotating a long article) is done in
// slices of about BUDGET ms with a yield to the browser between them, so input and painting wait
// for one slice at most, never for the whole of it (a main-thread task over 50 ms is a "long task").

/** Milliseconds of widget work in one task before yielding. */
export const BUDGET = 10;

/** Resolves in a later task: scheduler.yield() where there is one (it keeps the work's priority), else a timeout. */
export function yieldToMain() {
  const s = globalThis.scheduler;
  if (s && typeof s.yield === 'function') return s.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Resolves in a task after the browser has rendered the next frame (a timeout where there are no
 * frames). Work that adds to the page waits for this between slices, not only for a task: the
 * browser may run several tasks before it renders, and then styles and lays out what all of them
 * added in one long frame.
 */
export function afterNextFrame() {
  if (typeof requestAnimationFrame !== 'function') return yieldToMain();
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/** A slice of work: `expired()` once BUDGET ms have passed since it began. */
export function slice() {
  const end = performance.now() + BUDGET;
  return { expired: () => performance.now() >= end };
}

// Renders waiting their turn, in order, as many per frame as fit in the budget (at least one): the
// frame that shows them then styles and lays out only what those added.
const queue = [];
let flushing = false;

async function flush() {
  while (queue.length) {
    const budget = slice();
    do {
      try {
        queue.shift()();
      } catch (error) {
        // One failing job must not stop the others; the error still reaches the console.
        if (typeof reportError === 'function') reportError(error);
      }
    } while (queue.length && !budget.expired());
    if (queue.length) await afterNextFrame();
  }
  flushing = false;
}

/** Runs `job` in a later task, alone or with other jobs within one slice. */
export function schedule(job) {
  queue.push(job);
  if (flushing) return;
  flushing = true;
  yieldToMain().then(flush);
}
