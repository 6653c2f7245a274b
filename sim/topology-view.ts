// A topology-aware driver's view of the cluster, in the style of the AWS JDBC wrapper's failover
// plugin: the driver knows the instance endpoints (the cluster's topology) and, once it has found
// the writer, connects to its instance endpoint directly instead of the writer's DNS name. When a
// connection to the writer breaks (an error that closes it, or a timeout), it forgets the writer
// and polls the topology: every `refreshUs` it asks each instance whether it is the writer
// (role-probe.ts), and the first to say so is where the next attempt connects, with no DNS cache
// in the way. While it polls, an attempt to the writer is held (the wrapper suspends the call)
// rather than connect to the instance that just failed; once the new writer is found the held
// attempts fail with `failover-success` (the wrapper's 08S02: the statement was not sent), and the
// client's retry goes to the new writer. After `failoverTimeoutUs` without a writer it stops
// polling, the held attempts fail with `failover-failed`, later ones use the DNS name, and it
// polls again on the next broken connection.
// Before the first broken connection it has not looked at the topology yet: it uses the DNS name
// (the wrapper's initial connection to the cluster endpoint).
// Leaves out: the wrapper's idle topology refresh (clusterTopologyRefreshRateMs) and its reader
// failover (eventual reads keep the reader endpoint), and the topology query's own content: each
// instance answers for itself, which is what the wrapper checks before it trusts a new writer.

import type { Connection, Resolver } from './connection.ts';
import type { DnsCache } from './dns.ts';
import type { Endpoint } from './endpoint.ts';
import type { Network } from './network.ts';
import type { Scheduler } from './scheduler.ts';
import { probeRole, type RoleAnswer, type RoleProbeTarget } from './role-probe.ts';

export interface TopologyViewConfig {
  /** The DNS name of the writer endpoint (the name this view answers for). */
  writerName: string;
  /** The cluster's instances, as its topology lists them. */
  instances: readonly RoleProbeTarget[];
  refreshUs: number;
  failoverTimeoutUs: number;
}

export class TopologyView implements Resolver {
  /** The writer found by the last poll; null while unknown. */
  writer: Endpoint | null = null;
  /** When the current poll started; -1 when not polling. */
  private pollingSinceUs = -1;
  /** Bumped per poll, so answers and rounds of an earlier poll are ignored. */
  private poll = 0;
  /** Connection attempts held for the poll's answer. */
  private waiting: ((error: string) => void)[] = [];
  readonly noAnswerError = 'failover-in-progress';

  constructor(
    private readonly net: Network,
    private readonly scheduler: Scheduler,
    private readonly client: Endpoint,
    private readonly dns: DnsCache,
    private readonly config: TopologyViewConfig,
  ) {}

  get polling(): boolean {
    return this.pollingSinceUs >= 0;
  }

  resolve(name: string, nowUs: number): Endpoint | null {
    if (name !== this.config.writerName) return this.dns.resolve(name, nowUs);
    if (this.writer !== null) return this.writer;
    return this.polling ? null : this.dns.resolve(name, nowUs);
  }

  whenResolved(wake: (error: string) => void): boolean {
    if (!this.polling) return false;
    this.waiting.push(wake);
    return true;
  }

  /** The poll ended (a writer found, or it gave up): the held attempts fail now, to be retried. */
  private release(error: string): void {
    this.pollingSinceUs = -1;
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake(error);
  }

  /** The driver dropped a connection: one to the writer starts a poll of the topology. */
  readonly broken = (conn: Connection): void => {
    if (conn.name !== this.config.writerName || this.polling) return;
    if (this.writer !== null && conn.target !== this.writer) return; // an older connection's news
    this.writer = null;
    this.pollingSinceUs = this.scheduler.now;
    this.round(++this.poll);
  };

  private round(poll: number): void {
    if (poll !== this.poll || !this.polling) return;
    if (this.scheduler.now - this.pollingSinceUs >= this.config.failoverTimeoutUs) {
      return this.release('failover-failed'); // gives up: back to the DNS name
    }
    for (const t of this.config.instances) probeRole(this.net, this.client, t, this.heard, { t, poll });
    this.scheduler.after(this.config.refreshUs, (p: number) => this.round(p), poll);
  }

  private readonly heard = (answer: RoleAnswer, p: { t: RoleProbeTarget; poll: number }): void => {
    if (answer !== 'writer' || p.poll !== this.poll || !this.polling) return;
    this.writer = p.t.endpoint;
    this.release('failover-success');
  };
}
