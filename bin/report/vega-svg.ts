// Static SVG from a Vega-Lite specification: compiled by vega-lite and drawn by vega's headless
// renderer (View.toSVG, no DOM, no canvas), so the report needs no JavaScript to show its charts.
// The two libraries load on first use: `faultline run` starts loading them while the simulation
// runs on its own thread, and every other command never loads them.

import type * as VegaModule from 'vega';
import type * as VegaLiteModule from 'vega-lite';

export type VegaLiteSpec = Record<string, unknown>;

interface Libraries {
  vega: typeof VegaModule;
  vegaLite: typeof VegaLiteModule;
}

let loading: Promise<Libraries> | null = null;

/** Starts loading vega and vega-lite (once per process); await it, or let renderSvg do so. */
export function loadCharting(): Promise<Libraries> {
  loading ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => ({ vega, vegaLite }));
  return loading;
}

/** One chart as an SVG document (no XML declaration: it is inlined into HTML). */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const { vega, vegaLite } = await loadCharting();
  const compiled = vegaLite.compile(spec as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
