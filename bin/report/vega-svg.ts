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

/** A chart of every mark kind the reports use, drawn once and thrown away. */
const WARM_UP: VegaLiteSpec = {
  data: { values: [{ t: 0, v: 1, k: 'a' }, { t: 1, v: null, k: 'a' }, { t: 2, v: 2, k: 'b' }] },
  layer: [
    { mark: { type: 'line', invalid: 'break-paths-show-domains' }, encoding: { x: { field: 't', type: 'quantitative' }, y: { field: 'v', type: 'quantitative', scale: { type: 'symlog' } }, color: { field: 'k', type: 'nominal' } } },
    { mark: 'area', encoding: { x: { field: 't', type: 'quantitative' }, y: { field: 'v', type: 'quantitative', stack: 'zero' } } },
    { mark: 'rect', encoding: { x: { field: 't', type: 'quantitative' }, x2: { field: 'v' } } },
    { mark: 'text', encoding: { x: { field: 't', type: 'quantitative' }, text: { field: 'k' } } },
  ],
};

/**
 * Loads the libraries and draws one small chart, so that the code paths the report takes are
 * compiled before the report is drawn: `faultline run` does this while the simulation runs on
 * its own thread, which takes about half of the drawing's cost off the end of the run.
 */
export function warmUpCharting(): Promise<void> {
  return renderSvg(WARM_UP).then(() => undefined);
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
