// `cache: { type: dax }` (SCENARIO-FORMAT.md): DAX in front of the table, as the scenario format
// writes it. DAX is modelled inside this engine (dax.ts: it talks to the request routers
// directly), so the cache section does not compose a second engine: it turns on the engine's
// `dax` option, its `ttl` becomes `dax_ttl` and its own options the other `dax_*` options.
// DAX writes through (the DAX client sends writes to DAX, which writes the table and then caches
// the item), so write-through is its only strategy; writing around it is `bypass`.

import { defineOptions, rekeyed, type BuiltInCache } from '../engine.ts';
import { dynamoDeclared } from './options.ts';

/** The section's own options: the engine's `dax_bypass`, `dax_service` and `dax_query_ttl` under shorter keys. */
const daxSection = defineOptions({
  daxBypass: rekeyed(dynamoDeclared.fields.daxBypass, 'bypass'),
  daxService: rekeyed(dynamoDeclared.fields.daxService, 'service'),
  daxQueryTtlUs: rekeyed(dynamoDeclared.fields.daxQueryTtlUs, 'query_ttl'),
});

export const daxCache: BuiltInCache = {
  type: 'dax',
  strategies: ['write-through'],
  options: daxSection.schema,
  engineOptions: (ttlUs, o) => dynamoDeclared.byKey({ dax: true, daxTtlUs: ttlUs, ...daxSection.values(o) }),
};
