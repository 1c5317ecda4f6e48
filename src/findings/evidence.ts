/**
 * Reads the evidence the analyses store in the graph, in the shapes they write it, into the `{text,
 * source}` items of a Finding: exposure evidence (`EXPOSES.evidenceJson`: `{text, source}`), IAM statement
 * records (`CAN_*.evidenceJson`, src/iam/explain.ts), capability records (`AWSRole.capabilitiesJson`) and
 * the privilege analysis' witness path (`AWSRole.effectivePathJson`: `{edge, from, to}` hops). Pure.
 */
import { PROBE_NAME } from '../iam/probe.js';
import type { PathElement, Privilege } from './finding.js';

export interface EvidenceItem {
  text: string;
  source: string;
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

const records = (value: unknown): Record<string, unknown>[] =>
  (Array.isArray(value) ? value : [value]).filter(
    (item): item is Record<string, unknown> => typeof item === 'object' && item !== null,
  );

/** `arn:...:policy/Admin, statement 0 (Sid)`: where a reviewer finds the statement. */
function statementSource(statement: Record<string, unknown>): string {
  const sid = str(statement.sid) ? ` (${statement.sid})` : '';
  return `${str(statement.policy) ?? 'policy'}, statement ${statement.statementIndex ?? '?'}${sid}`;
}

function conditionsText(statement: Record<string, unknown>): string {
  const conditions = records(statement.conditions).filter((c) => str(c.key));
  if (conditions.length === 0) return '';
  const parts = conditions.map((c) => `${c.operator} ${c.key} ${JSON.stringify(c.values)}`);
  return ` if ${parts.join(' and ')}`;
}

/**
 * A resource as evidence names it. The privilege analysis asks about probe ARNs (src/iam/probe.ts) that no
 * policy names on purpose; shown as they are they would read like a real resource, so a probe becomes what
 * the grant covers: "any secret in account 111122223333 (us-east-1)".
 */
export function resourceText(resource: string | undefined): string {
  if (resource === undefined) return '*';
  if (!resource.includes(PROBE_NAME)) return resource;
  const [, , service = '', region = '', account = '', ...rest] = resource.split(':');
  const typed = /^([A-Za-z-]+)[/:]/.exec(rest.join(':'))?.[1];
  const kind = typed && typed !== PROBE_NAME ? `${service} ${typed}` : `${service} resource`;
  const where = [account ? ` in account ${account}` : '', region ? ` (${region})` : ''].join('');
  return `any ${kind}${where}`;
}

/** One `evidenceJson` value: `{text, source}` items, IAM statement records, or plain strings. */
export function parseEvidenceJson(value: unknown): EvidenceItem[] {
  if (typeof value !== 'string') return [];
  const parsed = parseJson(value);
  if (parsed === undefined) return [{ text: value, source: 'evidenceJson' }];
  return (Array.isArray(parsed) ? parsed : [parsed]).flatMap((item): EvidenceItem[] => {
    if (typeof item === 'string') return [{ text: item, source: '' }];
    const [record] = records(item);
    if (!record) return [];
    const text = str(record.text) ?? str(record.reason);
    if (text) return [{ text, source: str(record.source) ?? '' }];
    if (str(record.action)) {
      return [
        {
          text: `${str(record.effect) ?? 'Allow'} ${record.action} on ${resourceText(str(record.resource))}${conditionsText(record)}`,
          source: statementSource(record),
        },
      ];
    }
    return [];
  });
}

/**
 * Why a role holds a tier: its `capabilitiesJson` records of that kind (method name, then each step's
 * granting statements). Empty when the role carries no such record.
 */
export function capabilityEvidence(capabilitiesJson: unknown, privilege: Privilege): EvidenceItem[] {
  return records(parseJson(capabilitiesJson))
    .filter((capability) => capability.kind === privilege)
    .flatMap((capability) => {
      const name = str(capability.name) ?? privilege;
      const steps = records(capability.steps);
      const granted = steps.flatMap((step) =>
        records(step.grants).map((grant) => ({
          text: `${name}: ${str(step.action) ?? ''} on ${resourceText(str(step.resource))}${conditionsText(grant)}`,
          source: statementSource(grant),
        })),
      );
      return granted.length > 0 ? granted : [{ text: name, source: 'AWSRole.capabilitiesJson' }];
    });
}

const HOP_TARGET_LABEL: Record<string, string> = {
  CAN_ASSUME: 'AWSRole',
  CAN_PASS_ROLE: 'AWSRole',
  CAN_MODIFY_POLICY: 'AWSRole',
  EXECUTION_ROLE: 'AWSRole',
  CAN_UPDATE_CODE: 'LambdaFunction',
};

const HOP_VERB: Record<string, string> = {
  CAN_ASSUME: 'may assume',
  CAN_PASS_ROLE: 'may pass to new compute',
  CAN_MODIFY_POLICY: 'may rewrite the policies of',
  CAN_UPDATE_CODE: 'may replace the code of',
  EXECUTION_ROLE: 'runs with the credentials of',
};

/** The last segment of an ARN: a role or function name. */
export const arnName = (arn: string) => arn.split(/[/:]/).pop() || arn;

/** The hops of `effectivePathJson` as path elements, each with the evidence of the step into it. */
export function effectivePathHops(
  effectivePathJson: unknown,
): { element: PathElement; evidence: EvidenceItem }[] {
  return records(parseJson(effectivePathJson)).flatMap((hop) => {
    const edge = str(hop.edge);
    const from = str(hop.from);
    const to = str(hop.to);
    if (!edge || !from || !to) return [];
    return [
      {
        element: { id: to, labels: [HOP_TARGET_LABEL[edge] ?? 'AWSPrincipal'], name: arnName(to) },
        evidence: {
          text: `${arnName(from)} ${HOP_VERB[edge] ?? edge} ${arnName(to)}`,
          source: `${edge} (privilege analysis, AWSRole.effectivePathJson)`,
        },
      },
    ];
  });
}
