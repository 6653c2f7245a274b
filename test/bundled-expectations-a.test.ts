import { expectationsHold } from './bundled-expectations.ts';
expectationsHold(0);
