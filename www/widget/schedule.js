// Keeping the host page responsive: widget work that can be large (many elements rendering at once
// when the wasm arrives or a scroll brings several near, annotating a long article) is done in
// slices of about BUDGET ms with a yield to the browser between them, so input and painting wait
// for one slice at most, never for the whole of it (a main-thread task over 50 ms is a "long task").

/** Milliseconds of widget work in one task before yielding. */
const BUDGET = 10;

// The budget of the task that is running, shared by all widget work in it (the render queue, an
// annotation, the name index): each checking a budget of its own, their slices added up in one
// task (a 10 ms render slice, then the annotation's 10 ms, then the index's). Dropped when a yield
// resumes, in a new task; work that starts a task without yielding first may find the last
// task's budget spent, and then does one step and yields.
let current = null;

/** Resolves in a later task: scheduler.yield() where there is one (it keeps the work's priority), else a timeout. */
export async function yieldToMain() {
  const s = globalThis.scheduler;
  await (s && typeof s.yield === 'function'
    ? s.yield()
    : new Promise((resolve) => setTimeout(resolve, 0)));
  current = null;
}

/**
 * Resolves in a task after the browser has rendered the next frame (a timeout where there are no
 * frames). Work that adds to the page waits for this between slices, not only for a task: the
 * browser may run several tasks before it renders, and then styles and lays out what all of them
 * added in one long frame.
 */
export async function afterNextFrame() {
  if (typeof requestAnimationFrame !== 'function') return yieldToMain();
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  current = null;
}

/** The running task's slice of work: `expired()` once BUDGET ms have passed since it began. */
export function slice() {
  if (current === null) {
    const end = performance.now() + BUDGET;
    current = { expired: () => performance.now() >= end };
  }
  return current;
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
