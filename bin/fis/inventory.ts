// What a FIS template can aim at in a scenario: its nodes (each with the AWS service it belongs
// to), its AZs (one subnet each), and its clients (with their AZs). Built from the topology the
// scenario builds, before anything runs, so roles are the ones at the start.
// Leaves out: more than one subnet per AZ, and resources the engines do not model.

import { buildTopology } from '../../scenarios/run.ts';
import type { Scenario } from '../../scenarios/format/scenario.ts';

/**
 * rds (RDS instances), aurora (instances), aurora-storage, dynamodb, dax, redis (ElastiCache),
 * memcached (ElastiCache for Memcached: only its hosts, as aws:ec2:instance).
 */
export type Service = 'rds' | 'aurora' | 'aurora-storage' | 'dynamodb' | 'dax' | 'redis' | 'memcached';

export interface InventoryNode {
  name: string;
  roles: readonly string[];
  az: string;
  labels: Readonly<Record<string, number>>;
  service: Service;
}

export interface Inventory {
  scenario: Scenario;
  nodes: InventoryNode[];
  azs: readonly string[];
  clients: { name: string; az: string }[];
}

function serviceOf(type: string, roles: readonly string[]): Service {
  if (type.startsWith('rds-')) return 'rds';
  if (type === 'aurora') return roles.includes('storage') ? 'aurora-storage' : 'aurora';
  if (type === 'dynamodb') return roles.includes('dax') ? 'dax' : 'dynamodb';
  if (type === 'memcached') return 'memcached';
  return 'redis';
}

export function inventoryOf(s: Scenario): Inventory {
  const all = buildTopology(s, s.seed).engine.nodes();
  // A cache in front is a second engine: the database alone tells whose node is whose.
  const dbNames = new Set(buildTopology({ ...s, cache: null }, s.seed).engine.nodes().map((n) => n.name));
  const nodes = all.map((n) => ({
    name: n.name,
    roles: [...n.roles],
    az: n.az,
    labels: { ...n.labels },
    service: serviceOf(dbNames.has(n.name) || s.cache === null ? s.engine.type : s.cache.type, n.roles),
  }));
  const clients: { name: string; az: string }[] = [];
  for (const p of s.workload.clients) for (let i = 0; i < p.count; i++) clients.push({ name: `client-${clients.length + 1}`, az: p.az });
  return { scenario: s, nodes, azs: s.region.azs, clients };
}

/** The nodes a resource type can name. */
export function eligibleNodes(inv: Inventory, resourceType: string): InventoryNode[] {
  const instance = (n: InventoryNode) => (n.service === 'rds' || n.service === 'aurora') && !n.roles.includes('standby');
  switch (resourceType) {
    case 'aws:rds:cluster':
      return inv.scenario.engine.type === 'aurora' || inv.scenario.engine.type === 'rds-multi-az-cluster' ? inv.nodes.filter(instance) : [];
    case 'aws:rds:db':
      return inv.nodes.filter(instance);
    // Faultline stands each database node (RDS and Aurora instances, a Multi-AZ standby, Redis
    // and Memcached nodes) for the host it runs on; storage and DynamoDB's nodes are AWS's own.
    case 'aws:ec2:instance':
      return inv.nodes.filter((n) => n.service === 'rds' || n.service === 'aurora' || n.service === 'redis' || n.service === 'memcached');
    case 'aws:ec2:ebs-volume':
      return inv.nodes.filter((n) => n.service === 'rds');
    case 'aws:elasticache:replicationgroup':
    case 'aws:elasticache:redis-replicationgroup':
      return inv.nodes.filter((n) => n.service === 'redis');
    // A global table stands for its replicas; its request routers (every region's) are what it has of nodes.
    case 'aws:dynamodb:global-table':
      return inv.scenario.engine.type === 'dynamodb' && inv.scenario.engine.options.global_table_azs != null ? inv.nodes.filter((n) => n.roles.includes('router')) : [];
    default:
      return [];
  }
}
