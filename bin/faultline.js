#!/usr/bin/env node
// The faultline command. The sources are TypeScript; tsx compiles them on load, so there is no
// build step between `npm ci` and `npx faultline`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
await main(process.argv.slice(2));
