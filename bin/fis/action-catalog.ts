// The AWS FIS actions Faultline can rehearse: for each, the key its target goes under, the
// resource type that target must have, and its parameters (with the duration ranges the FIS
// action reference documents). Leaves out: every other FIS action (ECS, EKS, SSM, API errors, ...);
// importing one is an error (or a warning with --skip-unsupported).

export type ResourceType =
  | 'aws:rds:cluster'
  | 'aws:rds:db'
  | 'aws:elasticache:replicationgroup'
  | 'aws:elasticache:redis-replicationgroup'
  | 'aws:ec2:subnet'
  | 'aws:ec2:instance'
  | 'aws:ec2:ebs-volume'
  | 'aws:dynamodb:global-table';

export interface ParameterRule {
  /** An ISO-8601 duration within [minUs, maxUs]; otherwise a string among `values`. */
  duration?: { minUs: number; maxUs: number };
  values?: readonly string[];
  required: boolean;
}

export interface ActionRule {
  /** The key of `targets` in the action (`Clusters`, `DBInstances`, ...); null for aws:fis:wait. */
  targetKey: string | null;
  resourceTypes: readonly ResourceType[];
  parameters: Readonly<Record<string, ParameterRule>>;
  /** The parameter that says how long the action lasts (null: it is over as soon as it starts). */
  lengthParameter: string | null;
}

const MINUTE_US = 60_000_000;
const HOUR_US = 60 * MINUTE_US;
const ONE_MIN_TO_12_H = { minUs: MINUTE_US, maxUs: 12 * HOUR_US };

export const ACTIONS: Readonly<Record<string, ActionRule>> = {
  'aws:fis:wait': {
    targetKey: null,
    resourceTypes: [],
    parameters: { duration: { duration: ONE_MIN_TO_12_H, required: true } },
    lengthParameter: 'duration',
  },
  'aws:rds:failover-db-cluster': {
    targetKey: 'Clusters',
    resourceTypes: ['aws:rds:cluster'],
    parameters: {},
    lengthParameter: null,
  },
  'aws:rds:reboot-db-instances': {
    targetKey: 'DBInstances',
    resourceTypes: ['aws:rds:db'],
    parameters: { forceFailover: { values: ['true', 'false'], required: false } },
    lengthParameter: null,
  },
  'aws:elasticache:replicationgroup-interrupt-az-power': {
    targetKey: 'ReplicationGroups',
    resourceTypes: ['aws:elasticache:replicationgroup'],
    parameters: { duration: { duration: ONE_MIN_TO_12_H, required: true } },
    lengthParameter: 'duration',
  },
  'aws:elasticache:interrupt-cluster-az-power': {
    targetKey: 'ReplicationGroups',
    resourceTypes: ['aws:elasticache:redis-replicationgroup'],
    parameters: { duration: { duration: ONE_MIN_TO_12_H, required: true } },
    lengthParameter: 'duration',
  },
  'aws:network:disrupt-connectivity': {
    targetKey: 'Subnets',
    resourceTypes: ['aws:ec2:subnet'],
    parameters: {
      duration: { duration: ONE_MIN_TO_12_H, required: true },
      // FIS also has prefix-list, s3 and the like: Faultline models no such endpoints.
      scope: { values: ['all', 'availability-zone', 'dynamodb'], required: false },
    },
    lengthParameter: 'duration',
  },
  'aws:ec2:stop-instances': {
    targetKey: 'Instances',
    resourceTypes: ['aws:ec2:instance'],
    parameters: { startInstancesAfterDuration: { duration: ONE_MIN_TO_12_H, required: false } },
    lengthParameter: 'startInstancesAfterDuration',
  },
  'aws:ebs:pause-volume-io': {
    targetKey: 'Volumes',
    resourceTypes: ['aws:ec2:ebs-volume'],
    // The action reference gives one second to 12 hours for this one.
    parameters: { duration: { duration: { minUs: 1_000_000, maxUs: 12 * HOUR_US }, required: true } },
    lengthParameter: 'duration',
  },
  // Replication may go on for up to 5 minutes after the action begins (the action reference).
  'aws:dynamodb:global-table-pause-replication': {
    targetKey: 'Tables',
    resourceTypes: ['aws:dynamodb:global-table'],
    parameters: { duration: { duration: ONE_MIN_TO_12_H, required: true } },
    lengthParameter: 'duration',
  },
};

export const RESOURCE_TYPES: readonly ResourceType[] = [...new Set(Object.values(ACTIONS).flatMap((a) => a.resourceTypes))];
