// `cache: { type: dax }` (SCENARIO-FORMAT.md): DAX in front of the table, as the scenario format
// writes it. DAX is modelled inside this engine (dax.ts: it talks to the request routers
// directly), so the cache section does not compose a second engine: it turns on the engine's
// `dax` option, its `ttl` becomes `dax_ttl` and its own options the other `dax_*` options.
// DAX writes through (the DAX client sends writes to DAX, which writes the table and then caches
// the item), so write-through is its only strategy; writing around it is `bypass`.

import type { BuiltInCache } from '../engine.ts';
import { dynamoOptions } from './options.ts';

export const daxCache: BuiltInCache = {
  type: 'dax',
  strategies: ['write-through'],
  options: {
    bypass: { ...dynamoOptions.dax_bypass },
    service: { ...dynamoOptions.dax_service },
  },
  engineOptions: (ttlUs, o) => ({ dax: true, dax_ttl: ttlUs, dax_bypass: o.bypass, dax_service: o.service }),
};
