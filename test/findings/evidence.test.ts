import { describe, expect, it } from 'vitest';
import { capabilityEvidence, parseEvidenceJson, resourceText } from '../../src/findings/evidence.js';
import { PROBE_NAME } from '../../src/iam/probe.js';

const ACCOUNT = '111122223333';

describe('resourceText', () => {
  // Probe ARNs follow the Service Authorization Reference's ARN formats with the probe name in every
  // placeholder that is not partition, region or account (src/iam/probe.ts).
  it.each([
    [
      `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:${PROBE_NAME}`,
      `any secretsmanager secret in account ${ACCOUNT} (eu-west-1)`,
    ],
    [
      `arn:aws-cn:dynamodb:cn-north-1:${ACCOUNT}:table/${PROBE_NAME}`,
      `any dynamodb table in account ${ACCOUNT} (cn-north-1)`,
    ],
    [`arn:aws:iam::${ACCOUNT}:role/${PROBE_NAME}`, `any iam role in account ${ACCOUNT}`],
    [`arn:aws:s3:::${PROBE_NAME}/${PROBE_NAME}`, 'any s3 resource'],
    // Real resources and wildcards are shown as they are.
    [
      `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:db-password`,
      `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:db-password`,
    ],
    ['*', '*'],
    [undefined, '*'],
  ])('%s reads as %s', (resource, expected) => {
    expect(resourceText(resource)).toBe(expected);
  });

  it('is what IAM statement records and capability records show', () => {
    const probe = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${PROBE_NAME}`;
    const record = {
      effect: 'Allow',
      action: 'secretsmanager:GetSecretValue',
      resource: probe,
      policy: 'p',
      statementIndex: 0,
    };
    expect(parseEvidenceJson(JSON.stringify([record]))[0]?.text).toBe(
      `Allow secretsmanager:GetSecretValue on any secretsmanager secret in account ${ACCOUNT} (us-east-1)`,
    );
    const capabilities = [
      {
        kind: 'sensitive_data',
        name: 'Read secrets',
        steps: [{ action: 'secretsmanager:GetSecretValue', resource: probe, grants: [record] }],
      },
    ];
    const [item] = capabilityEvidence(JSON.stringify(capabilities), 'sensitive_data');
    expect(item?.text).toBe(
      `Read secrets: secretsmanager:GetSecretValue on any secretsmanager secret in account ${ACCOUNT} (us-east-1)`,
    );
    expect(item?.text).not.toContain(PROBE_NAME);
  });
});
