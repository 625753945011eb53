// How the bench writes its figures (bench/node.mjs's table, bench/scale.mjs's): times with as many
// digits as they are worth, a missing figure as a dash.

export const ms = (x) =>
  x == null || Number.isNaN(x)
    ? '—'
    : x >= 1000
      ? `${(x / 1000).toFixed(x >= 10_000 ? 1 : 2)} s`
      : x >= 100
        ? `${x.toFixed(0)} ms`
        : x >= 10
          ? `${x.toFixed(1)} ms`
          : `${x.toFixed(2)} ms`;

export const us = (x) =>
  x == null || Number.isNaN(x)
    ? '—'
    : x >= 1000
      ? ms(x / 1000)
      : x >= 100
        ? `${x.toFixed(0)} µs`
        : `${x.toFixed(1)} µs`;
