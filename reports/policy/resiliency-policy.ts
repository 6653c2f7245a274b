// A resiliency policy in AWS Resilience Hub's vocabulary (the shape CreateResiliencyPolicy takes):
// a name, a tier, and per disruption type a recovery time objective and a recovery point
// objective in whole seconds. Faultline judges each fault of a run against the objective of the
// fault's disruption type. Leaves out: what Resilience Hub does with the policy (assessments,
// estimated workload RTO/RPO, recommendations) and its data-location and tag fields, which are
// read so a policy exported from AWS loads but play no part here.

export const DISRUPTION_TYPES = ['Software', 'Hardware', 'AZ', 'Region'] as const;
export type DisruptionType = (typeof DISRUPTION_TYPES)[number];

export const POLICY_TIERS = ['MissionCritical', 'Critical', 'Important', 'CoreServices', 'NonCritical', 'NotApplicable'] as const;
export type PolicyTier = (typeof POLICY_TIERS)[number];

export interface RecoveryObjective {
  rtoInSecs: number;
  rpoInSecs: number;
}

export interface ResiliencyPolicy {
  policyName: string;
  tier: PolicyTier;
  /** Objectives by disruption type; a type left out makes its faults NotApplicable. */
  policy: Partial<Record<DisruptionType, RecoveryObjective>>;
}

/** The verdicts Resilience Hub uses, per fault and overall. */
export type Compliance = 'PolicyMet' | 'PolicyBreached' | 'NotApplicable';
