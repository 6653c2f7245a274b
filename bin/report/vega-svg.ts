// Static SVG from a Vega or Vega-Lite specification, drawn by vega's headless renderer
// (View.toSVG, no DOM, no canvas), so the report needs no JavaScript to show its charts; a
// Vega-Lite one is compiled to Vega first. The libraries load on first use (vega-lite only for a
// Vega-Lite chart): `faultline run` starts loading vega while the simulation runs on its own
// thread, and commands without charts never load them.
// A chart's shape (its specification with every inline data set, every signal's value and the
// plot's height taken out) is parsed once per process and serves every chart of that shape, each
// drawn by a view of its own with its data, signals and height: a run's charts over time
// (bin/report/vega-time-chart.ts) share a few shapes. `faultline run` prepares the shapes
// it expects (bin/report/run-report-prepare.ts) while the simulation runs, so that once the run
// is over only the data flows through views already built.

import type * as VegaModule from 'vega';
import type * as VegaLiteModule from 'vega-lite';

/** A Vega-Lite or a Vega specification (its $schema says which). */
export type VegaLiteSpec = Record<string, unknown>;

let loading: Promise<typeof VegaModule> | null = null;
let loadingLite: Promise<typeof VegaLiteModule> | null = null;

/** Starts loading vega (once per process); await it, or let renderSvg do so. */
export function loadCharting(): Promise<typeof VegaModule> {
  loading ??= import('vega');
  return loading;
}

/** Vega-Lite, loaded on the first Vega-Lite chart only. */
function loadVegaLite(): Promise<typeof VegaLiteModule> {
  loadingLite ??= import('vega-lite');
  return loadingLite;
}

/** A specification without its data, and what was taken out (data sets by name, signal values, the height). */
export interface Shape {
  key: string;
  spec: VegaLiteSpec;
  /** Vega (true) or Vega-Lite (false). */
  vega: boolean;
  data: Map<string, unknown[]>;
  signals: Map<string, unknown>;
  height: number | null;
}

/** Whether a specification is Vega's own (its $schema says so) rather than Vega-Lite's. */
export const isVega = (spec: VegaLiteSpec) => typeof spec.$schema === 'string' && spec.$schema.includes('/schema/vega/');

/**
 * Every `data: {values}` replaced by `data: {name}`. One array reached twice (the fault windows'
 * shading and labels) gets one name, so vega-lite shares one data source as it did inline.
 */
function liteShape(spec: VegaLiteSpec): Shape {
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
  return { key: JSON.stringify(stripped), spec: stripped, vega: false, data, signals: new Map(), height: null };
}

/** A Vega specification's top-level data values, signal values and height taken out (they are set on the view). */
function vegaShape(spec: VegaLiteSpec): Shape {
  const data = new Map<string, unknown[]>();
  const signals = new Map<string, unknown>();
  const sets = ((spec.data ?? []) as Record<string, unknown>[]).map(({ values, ...rest }) => {
    if (values !== undefined) data.set(String(rest.name), values as unknown[]);
    return rest;
  });
  const sigs = ((spec.signals ?? []) as Record<string, unknown>[]).map(({ value, ...rest }) => {
    if (value !== undefined) signals.set(String(rest.name), value);
    return rest;
  });
  const height = typeof spec.height === 'number' ? spec.height : null;
  const stripped = { ...spec, data: sets, signals: sigs, ...(height === null ? {} : { height: 0 }) };
  return { key: JSON.stringify(stripped), spec: stripped, vega: true, data, signals, height };
}

export function shapeOf(spec: VegaLiteSpec): Shape {
  return isVega(spec) ? vegaShape(spec) : liteShape(spec);
}

interface Prepared {
  runtime: ReturnType<typeof VegaModule.parse>;
  /**
   * Views built ahead for the next drawings of this shape. A view draws once: one that has drawn
   * keeps the last chart's size and its items' order, so its bytes would depend on what it drew.
   */
  spares: VegaModule.View[];
}

const prepared = new Map<string, Promise<Prepared>>();

function preparedOf(vega: typeof VegaModule, shape: Shape): Promise<Prepared> {
  let p = prepared.get(shape.key);
  if (p === undefined) {
    p = (async () => {
      const compiled = shape.vega ? shape.spec : (await loadVegaLite()).compile(shape.spec as never).spec;
      return { runtime: vega.parse(compiled as never), spares: [] };
    })();
    prepared.set(shape.key, p);
  }
  return p;
}

const newView = (vega: typeof VegaModule, p: Prepared) => new vega.View(p.runtime, { renderer: 'none' });

/**
 * Parses a chart's shape (once per shape); `draw` draws it once with the stand-in data it carries
 * (so that the code its drawing runs through is compiled too), `spare` builds a view for the
 * next drawing of that shape.
 */
export async function prepareSvg(spec: VegaLiteSpec, o: { draw: boolean; spare: boolean }): Promise<void> {
  if (o.draw) await renderSvg(spec);
  const vega = await loadCharting();
  const p = await preparedOf(vega, shapeOf(spec));
  if (o.spare) p.spares.push(newView(vega, p));
}

/**
 * One chart as an SVG document (no XML declaration: it is inlined into HTML). `inline` parses the
 * specification as it is, data and signal values in place, for a view of its own: what the
 * shared shapes must draw the same as (the tests compare).
 */
export async function renderSvg(spec: VegaLiteSpec, inline = false): Promise<string> {
  const vega = await loadCharting();
  if (inline) {
    const compiled = isVega(spec) ? spec : (await loadVegaLite()).compile(spec as never).spec;
    const view = new vega.View(vega.parse(compiled as never), { renderer: 'none' });
    try {
      return await view.toSVG();
    } finally {
      view.finalize();
    }
  }
  const shape = shapeOf(spec);
  const p = await preparedOf(vega, shape);
  const view = p.spares.pop() ?? newView(vega, p);
  try {
    for (const [name, value] of shape.signals) view.signal(name, value);
    for (const [name, values] of shape.data) view.data(name, values);
    if (shape.height !== null) view.height(shape.height);
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
