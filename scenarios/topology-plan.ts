// Which engines a scenario's topology is made of and with what options: the database engine (a
// cache it models itself, DAX, turned on through its own options), and a cache engine composed
// in front when the scenario's cache is another engine. The run builds from this plan and the
// fault-target check lays out nodes from it, so both see the same topology.
// Leaves out: building anything (run.ts's buildTopology does that).

import { invariant } from '../sim/invariant.ts';
import { findEngine } from '../engines/registry.ts';
import type { EngineFactory, EngineOptions, NodeOutline } from '../engines/engine.ts';
import { cacheEngineOptions } from '../engines/cache/cached-engine.ts';
import type { Scenario } from './format/scenario.ts';

export interface TopologyPlan {
  db: { factory: EngineFactory; options: EngineOptions };
  /** A cache engine in front of the database, when the scenario has one that the database does not model itself. */
  cache: { factory: EngineFactory; options: EngineOptions } | null;
}

export function topologyPlan(s: Scenario): TopologyPlan {
  const factory = findEngine(s.engine.type);
  invariant(factory !== undefined, `unknown engine ${s.engine.type} after validation`);
  const builtIn = s.cache === null ? undefined : factory.caches?.find((c) => c.type === s.cache!.type);
  const options = builtIn === undefined ? s.engine.options : { ...s.engine.options, ...builtIn.engineOptions(s.cache!.ttlUs, s.cache!.options) };
  const db = { factory, options };
  if (s.cache === null || builtIn !== undefined) return { db, cache: null };
  const cacheFactory = findEngine(s.cache.type);
  invariant(cacheFactory !== undefined, `unknown cache engine ${s.cache.type} after validation`);
  return { db, cache: { factory: cacheFactory, options: cacheEngineOptions(cacheFactory, s.cache) } };
}

/** The hosts of the topology's managed control planes (in the `control-plane` AZ), the database's first. */
export function plannedControlPlanes(s: Scenario): string[] {
  const plan = topologyPlan(s);
  const azs = s.region.azs;
  const hosts = [plan.db.factory.controlPlaneHost?.(plan.db.options, azs) ?? null, plan.cache?.factory.controlPlaneHost?.(plan.cache.options, azs) ?? null];
  return hosts.filter((h): h is string => h !== null);
}

/** The topology's nodes as the run will build them (the database's, then the cache's), built from nothing. */
export function plannedNodes(s: Scenario): NodeOutline[] {
  const plan = topologyPlan(s);
  const azs = s.region.azs;
  return [...plan.db.factory.nodesOf(plan.db.options, azs), ...(plan.cache?.factory.nodesOf(plan.cache.options, azs) ?? [])];
}
