// Names a scenario gives: its own name (which becomes an output folder name) and its AZs (which
// the simulator keys nodes and links by). Both are lower-case letters, digits and dashes, start
// with a letter or digit (so no name reads as a command-line flag or as `-`, standard input), and
// are at most MAX_NAME_LENGTH characters (a path component is at most 255 bytes on common file
// systems, and the folder name is nested under others). AZ names the engines use for their own
// pseudo-AZs are reserved: an AZ named `control-plane` would share its outage with the managed
// control planes of RDS, Aurora and ElastiCache.
// Leaves out: node names (the engines choose them) and whether a name is also a node's name
// (the topology check does that, once nodes exist).

import type { Reader } from './field-reader.ts';
import type { SourceNode } from './yaml-source.ts';
import { CONTROL_PLANE_AZ } from '../../sim/faults/control-plane-az.ts';

export const NAME_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/** Longest scenario or AZ name: short enough to nest in output paths under any file system's 255-byte limit. */
export const MAX_NAME_LENGTH = 100;

/**
 * AZ names the simulator or an engine uses internally. Invariant: every `createNode(..., az, ...)`
 * call in engines/ passes either a region AZ or one of these.
 */
export const RESERVED_AZ_NAMES: readonly string[] = [CONTROL_PLANE_AZ];

/** Client endpoints are named client-1, client-2, ...: an AZ of that form would be ambiguous in partition sides. */
const CLIENT_NAME = /^client-\d+$/;

/** The reason `name` is not a valid name, or undefined. `what` is "a name" or "an AZ name". */
export function nameProblem(name: string, what: string, example: string): string | undefined {
  if (name.length > MAX_NAME_LENGTH) return `${what} is at most ${MAX_NAME_LENGTH} characters, got ${name.length}`;
  if (!NAME_PATTERN.test(name)) {
    return `${what} is lower-case letters, digits and dashes, starting with a letter or digit (like ${example}), got ${JSON.stringify(name)}`;
  }
  return undefined;
}

export function readName(r: Reader, node: SourceNode, what: string, example: string): string {
  const name = r.string(node, `${what} like ${example}`);
  const problem = nameProblem(name, what, example);
  if (problem !== undefined) r.fail(node, problem);
  return name;
}

export function readAzName(r: Reader, node: SourceNode): string {
  const az = readName(r, node, 'an AZ name', 'az-a');
  if (RESERVED_AZ_NAMES.includes(az)) r.fail(node, `\`${az}\` is reserved (the engines use it for their managed control planes); name the AZ otherwise`);
  if (CLIENT_NAME.test(az)) r.fail(node, `\`${az}\` is reserved (clients are named client-1, client-2, ...); name the AZ otherwise`);
  return az;
}
