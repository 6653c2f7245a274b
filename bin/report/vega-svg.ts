// Static SVG from a Vega-Lite specification: compiled by vega-lite and drawn by vega's headless
// renderer (View.toSVG, no DOM, no canvas), so the report needs no JavaScript to show its charts.
// The two libraries load on first use: `faultline run` starts loading them while the simulation
// runs on its own thread, and every other command never loads them.
// A chart's shape (its specification with every inline data set replaced by a named one) is
// compiled and parsed once per process and kept: `faultline run` prepares the shapes it expects
// (bin/report/run-report-prepare.ts) while the simulation runs, so that once the run is over
// only the data flows through views already built.

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

/** A specification without its data, and the data sets it names (`d0`, `d1`, ...). */
export interface Shape {
  key: string;
  spec: VegaLiteSpec;
  data: Map<string, unknown[]>;
}

/**
 * Every `data: {values}` replaced by `data: {name}`. One array reached twice (the fault windows'
 * shading and labels) gets one name, so vega-lite shares one data source as it did inline.
 */
export function shapeOf(spec: VegaLiteSpec): Shape {
  const names = new Map<unknown[], string>();
  const data = new Map<string, unknown[]>();
  const strip = (v: unknown, key: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => strip(x, ''));
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if (key === 'data' && Array.isArray(o.values)) {
      let name = names.get(o.values);
      if (name === undefined) {
        name = `d${names.size}`;
        names.set(o.values, name);
        data.set(name, o.values);
      }
      const { values: _values, ...rest } = o;
      return { ...rest, name };
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, strip(x, k)]));
  };
  const stripped = strip(spec, '') as VegaLiteSpec;
  return { key: JSON.stringify(stripped), spec: stripped, data };
}

interface Prepared {
  runtime: ReturnType<typeof VegaModule.parse>;
  /** A view built ahead for the next drawing of this shape (a view draws once). */
  spare: VegaModule.View | null;
}

const prepared = new Map<string, Prepared>();

function preparedOf(libs: Libraries, shape: Shape): Prepared {
  let p = prepared.get(shape.key);
  if (p === undefined) {
    const compiled = libs.vegaLite.compile(shape.spec as never).spec;
    p = { runtime: libs.vega.parse(compiled), spare: null };
    prepared.set(shape.key, p);
  }
  return p;
}

const newView = (libs: Libraries, p: Prepared) => new libs.vega.View(p.runtime, { renderer: 'none' });

/**
 * Compiles a chart's shape, draws it once with the stand-in data it carries (so that the code
 * its drawing runs through is compiled too) and builds a fresh view for the real drawing.
 */
export async function prepareSvg(spec: VegaLiteSpec, draw = true): Promise<void> {
  if (draw) await renderSvg(spec);
  const libs = await loadCharting();
  const p = preparedOf(libs, shapeOf(spec));
  p.spare ??= newView(libs, p);
}

/** One chart as an SVG document (no XML declaration: it is inlined into HTML). */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const libs = await loadCharting();
  const shape = shapeOf(spec);
  const p = preparedOf(libs, shape);
  const view = p.spare ?? newView(libs, p);
  p.spare = null;
  try {
    for (const [name, values] of shape.data) view.data(name, values);
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
