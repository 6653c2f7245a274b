// Something the network can deliver to: a simulated node or a client.
// Models: an identity, a placement in an AZ, and a gate that decides whether a delivery runs now,
// waits (a paused process) or is dropped (a crashed one, or a newer incarnation than the sender saw).

export type EndpointKind = 'node' | 'client';

export interface Endpoint {
  /** Dense index assigned by the network; stable for a run. */
  id: number;
  readonly name: string;
  readonly az: string;
  readonly kind: EndpointKind;
  /** Bumped on every crash, so work addressed to an earlier life of the process is dropped. */
  readonly incarnation: number;
  /** Runs `fn(arg)` now if the endpoint is up and still in incarnation `inc`, queues it if paused. */
  gate(fn: (arg: any) => void, arg: unknown, inc: number): void;
}
