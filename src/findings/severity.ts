/**
 * Severity of a toxic combination: the exposure of the entry point × the strongest privilege tier reached,
 * then amplifiers and unresolved conditions along the path (docs/exposure.md "Severity of a toxic combination"). The matrix
 * and the adjustments are data, declared here once; `assessSeverity` only reads them.
 */
import type { SeverityInput } from './build.js';
import { type Exposure, type Finding, type Privilege, SEVERITIES, type Severity } from './finding.js';

type Confidence = Finding['confidence'];
const CONFIDENCES: readonly Confidence[] = ['high', 'medium', 'low'];

/**
 * Rows: exposure classes, plus the cross-account grant of `lambda:UpdateFunctionCode`, where an outside
 * account runs its own code as the role. Columns: the strongest tier reached through any hop.
 * `broad_write` (write on `*`) rates like `sensitive_data` (docs/exposure.md).
 */
export const SEVERITY_MATRIX: Readonly<
  Record<Exposure | 'cross_account_code_update', Readonly<Record<Privilege, Severity>>>
> = {
  public_unauthenticated: {
    admin: 'critical',
    privilege_escalation: 'critical',
    sensitive_data: 'high',
    broad_write: 'high',
    scoped: 'medium',
    basic: 'low',
  },
  public_weak_auth: {
    admin: 'critical',
    privilege_escalation: 'high',
    sensitive_data: 'high',
    broad_write: 'high',
    scoped: 'medium',
    basic: 'low',
  },
  cross_account_code_update: {
    admin: 'critical',
    privilege_escalation: 'critical',
    sensitive_data: 'high',
    broad_write: 'high',
    scoped: 'high',
    basic: 'high',
  },
  cross_account: {
    admin: 'high',
    privilege_escalation: 'high',
    sensitive_data: 'medium',
    broad_write: 'medium',
    scoped: 'low',
    basic: 'info',
  },
  public_authenticated: {
    admin: 'high',
    privilege_escalation: 'medium',
    sensitive_data: 'medium',
    broad_write: 'medium',
    scoped: 'low',
    basic: 'info',
  },
  not_exposed: {
    admin: 'info',
    privilege_escalation: 'info',
    sensitive_data: 'info',
    broad_write: 'info',
    scoped: 'info',
    basic: 'info',
  },
};

/**
 * Facts that make a public entry worse, each raising severity one band (once in total, capped at
 * critical), only for `public_unauthenticated` and `public_weak_auth`.
 */
export const AMPLIFIERS = {
  /** A second credential set in the environment: an AWS access key or a private key. */
  plaintext_credentials_in_env: { tiers: 'any', reason: 'plaintext credentials in environment variables' },
  /** Browsers of logged-in users can be driven to call the function (CSRF-style abuse). */
  cors_wildcard_with_credentials: { tiers: 'any', reason: 'CORS allows any origin with credentials' },
  /** Data read by a function outside a VPC leaves without any egress control. */
  no_vpc_with_data_access: {
    tiers: ['sensitive_data'],
    reason: 'function outside a VPC can exfiltrate freely',
  },
} as const satisfies Record<string, { tiers: 'any' | readonly Privilege[]; reason: string }>;
export type Amplifier = keyof typeof AMPLIFIERS;

const AMPLIFIED_EXPOSURES: readonly Exposure[] = ['public_unauthenticated', 'public_weak_auth'];
/** Each hop whose trust has unresolved conditions lowers confidence; this many also lower severity a band. */
const UNRESOLVED_HOPS_LOWERING_SEVERITY = 2;

export interface SeverityFacts {
  readonly exposure: Exposure | null;
  /** Strongest tier reached through any hop; null when nothing privileged is reached. */
  readonly privilege: Privilege | null;
  /** Confidence of the exposure classification. */
  readonly confidence?: Confidence;
  /** The entry is a resource-policy grant letting another account update the function code. */
  readonly grantsCodeUpdate?: boolean;
  /** Hops (assume-role, ...) whose trust conditions (ExternalId, MFA, SourceIp, PrincipalOrgID) are unresolved. */
  readonly unresolvedConditionHops?: number;
  readonly amplifiers?: readonly Amplifier[];
}

export interface SeverityAssessment {
  readonly severity: Severity;
  readonly confidence: Confidence;
  /** Why the severity differs from the plain matrix cell, in words. */
  readonly adjustments: readonly string[];
}

export function assessSeverity(facts: SeverityFacts): SeverityAssessment {
  const exposure = facts.exposure ?? 'not_exposed';
  const privilege = facts.privilege ?? 'basic';
  let severity = SEVERITY_MATRIX[exposure][privilege];
  // A code-update grant to outsiders (another account, an organization, or Principal "*", which is
  // every account) rates at least as the cross-account code update row.
  if (facts.grantsCodeUpdate && exposure !== 'not_exposed') {
    severity = mostSevere(severity, SEVERITY_MATRIX.cross_account_code_update[privilege]);
  }
  let confidence = facts.confidence ?? 'high';
  const adjustments: string[] = [];

  const amplifiers = AMPLIFIED_EXPOSURES.includes(exposure)
    ? (facts.amplifiers ?? []).filter((name) => {
        const tiers: 'any' | readonly Privilege[] = AMPLIFIERS[name].tiers;
        return tiers === 'any' || tiers.includes(privilege);
      })
    : [];
  if (amplifiers.length > 0) {
    severity = shiftBand(severity, -1);
    adjustments.push(`raised one band: ${amplifiers.map((name) => AMPLIFIERS[name].reason).join('; ')}`);
  }

  const hops = facts.unresolvedConditionHops ?? 0;
  if (hops > 0) {
    confidence = lowerConfidence(confidence, hops);
    adjustments.push(`confidence lowered: ${hops} hop(s) with unresolved trust conditions`);
  }
  if (hops >= UNRESOLVED_HOPS_LOWERING_SEVERITY && severity !== 'info') {
    severity = shiftBand(severity, 1);
    adjustments.push(`lowered one band: ${hops} hops with unresolved trust conditions`);
  }
  return { severity, confidence, adjustments };
}

/** Each hop whose trust has unresolved conditions lowers confidence one step, down to low. */
export function lowerConfidence(confidence: Confidence, unresolvedConditionHops: number): Confidence {
  const index = CONFIDENCES.indexOf(confidence) + Math.max(unresolvedConditionHops, 0);
  return CONFIDENCES[Math.min(index, CONFIDENCES.length - 1)]!;
}

/** The `SeverityRule` the finding builder calls for `severity: matrix` detections. */
export function rateSeverity(
  input: SeverityInput & Omit<SeverityFacts, 'exposure' | 'privilege' | 'confidence'>,
): Severity {
  return assessSeverity(input).severity;
}

function mostSevere(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b) ? a : b;
}

/** -1 = one band more severe, +1 = one band less; capped at critical and info. */
function shiftBand(severity: Severity, by: -1 | 1): Severity {
  const index = Math.min(Math.max(SEVERITIES.indexOf(severity) + by, 0), SEVERITIES.length - 1);
  return SEVERITIES[index]!;
}
