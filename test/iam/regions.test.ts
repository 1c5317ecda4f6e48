/**
 * Regions and partitions (docs/iam.md "Regions and partitions"): a role is global, so a grant pinned to
 * one region counts wherever that region is; every ARN built for a principal carries its own partition,
 * region and account; evidence says which stand-in (account, region) the grant covered. Expected tiers
 * come from the cases and the ARN formats of the AWS reference (reference-arns.html).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyPrincipal } from '../../src/iam/capabilities.js';
import type { ActionCatalog } from '../../src/iam/catalog.js';
import { capabilityRecords, explainPrivileges } from '../../src/iam/explain.js';
import { probeRegions, probes } from '../../src/iam/probe.js';
import { ACCOUNT, allow, catalogForTests, doc, NOW, type RoleSpec, role } from './principal-fixture.js';

const OTHER_ACCOUNT = '210987654321';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await catalogForTests();
});

const classify = (spec: RoleSpec, regions: string[] = ['us-east-1']) =>
  classifyPrincipal(catalog, role(spec), { now: NOW, regions });
const tierOf = (spec: RoleSpec, regions?: string[]) => classify(spec, regions).tier;
const readSecrets = (resource: string) => ({
  inline: [doc(allow('secretsmanager:GetSecretValue', resource))],
});

describe('a grant pinned to a region counts in that region', () => {
  it.each<[string, RoleSpec, string[], string]>([
    [
      'CDK/SAM shape: every secret of its account in eu-west-1, scan covers us-east-1 only',
      readSecrets(`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:*`),
      ['us-east-1'],
      'sensitive_data',
    ],
    [
      'the same, the scan covering both regions',
      readSecrets(`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:*`),
      ['us-east-1', 'eu-west-1'],
      'sensitive_data',
    ],
    [
      'parameters under a region wildcard, scan in ap-southeast-2',
      { inline: [doc(allow('ssm:GetParameters', `arn:aws:ssm:ap-*:${ACCOUNT}:parameter/*`))] },
      ['ap-southeast-2'],
      'sensitive_data',
    ],
    [
      'every table in the region the scan covers',
      { inline: [doc(allow('dynamodb:Scan', `arn:aws:dynamodb:sa-east-1:${ACCOUNT}:table/*`))] },
      ['sa-east-1'],
      'sensitive_data',
    ],
    [
      'look-alike: every secret of another account (no identity policy reaches it on its own)',
      readSecrets(`arn:aws:secretsmanager:eu-west-1:${OTHER_ACCOUNT}:secret:*`),
      ['us-east-1', 'eu-west-1'],
      'scoped',
    ],
    [
      'look-alike: a few named secrets in eu-west-1',
      readSecrets(`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:orders-db-*`),
      ['eu-west-1'],
      'scoped',
    ],
    [
      'look-alike: a region pattern matching no scanned or named region',
      { inline: [doc(allow('ssm:GetParameters', `arn:aws:ssm:ap-*:${ACCOUNT}:parameter/*`))] },
      ['eu-west-1'],
      'scoped',
    ],
  ])('%s: %s', (_, spec, regions, tier) => {
    expect(tierOf(spec, regions)).toBe(tier);
  });

  it('says which account and region the grant covered, and that the ARN is a stand-in', () => {
    const privileges = classify(readSecrets(`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:*`), [
      'us-east-1',
    ]);
    const record = capabilityRecords(privileges).find((capability) => capability.kind === 'sensitive_data');
    expect(record?.steps[0]).toMatchObject({
      action: 'secretsmanager:GetSecretValue',
      standIn: { partition: 'aws', account: ACCOUNT, region: 'eu-west-1', resourceType: 'Secret' },
      grants: [{ resource: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:*` }],
    });
    expect(record?.steps[0]?.resource).toMatch(
      new RegExp(`^arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:`),
    );
    const text = explainPrivileges(privileges).join('\n');
    expect(text).toContain(`any Secret in account ${ACCOUNT}, region eu-west-1 (partition aws)`);
    expect(text).not.toContain('toxgraph-probe-resource');
  });
});

describe('probes', () => {
  it('one per region for a regional type, one for a global type, none for a wildcard-only action', () => {
    const principal = { partition: 'aws-us-gov', accountId: ACCOUNT };
    const regions = ['us-gov-east-1', 'us-gov-west-1'];
    expect(probes(catalog.action('lambda:UpdateFunctionCode'), principal, regions).map((p) => p.arn)).toEqual(
      [
        `arn:aws-us-gov:lambda:us-gov-east-1:${ACCOUNT}:function:toxgraph-probe-resource`,
        `arn:aws-us-gov:lambda:us-gov-west-1:${ACCOUNT}:function:toxgraph-probe-resource`,
      ],
    );
    expect(probes(catalog.action('iam:PassRole'), principal, regions)).toEqual([
      {
        arn: `arn:aws-us-gov:iam::${ACCOUNT}:role/toxgraph-probe-resource`,
        standIn: { partition: 'aws-us-gov', account: ACCOUNT, region: undefined, resourceType: 'role' },
      },
    ]);
    expect(probes(catalog.action('iam:ListRoles'), principal, regions)).toEqual([
      { arn: '*', standIn: undefined },
    ]);
  });

  it("regions: the scan's, plus those the principal's policies name; a stand-in when there are none", () => {
    const named = role({
      inline: [doc(allow('sqs:SendMessage', `arn:aws:sqs:ca-central-1:${ACCOUNT}:queue-*`))],
      boundary: doc(allow('*', `arn:aws:sqs:me-south-1:${ACCOUNT}:*`)),
    });
    expect(probeRegions(named, ['us-east-1'])).toEqual(['ca-central-1', 'me-south-1', 'us-east-1']);
    expect(probeRegions(role({ inline: [doc(allow('s3:GetObject', '*'))] }), [])).toEqual(['*']);
  });
});

describe('partitions: every ARN built for a principal is in its own partition', () => {
  it.each<[string, RoleSpec, string]>([
    [
      'aws-cn: every secret of its account in cn-north-1',
      {
        partition: 'aws-cn',
        inline: [
          doc(
            allow(
              'secretsmanager:GetSecretValue',
              `arn:aws-cn:secretsmanager:cn-north-1:${ACCOUNT}:secret:*`,
            ),
          ),
        ],
      },
      'sensitive_data',
    ],
    [
      'aws-us-gov: attach AdministratorAccess to itself, only that policy (iam:PolicyARN)',
      {
        partition: 'aws-us-gov',
        inline: [
          doc(
            allow('iam:AttachRolePolicy', `arn:aws-us-gov:iam::${ACCOUNT}:role/app-fn-role`, {
              Condition: {
                ArnEquals: { 'iam:PolicyARN': 'arn:aws-us-gov:iam::aws:policy/AdministratorAccess' },
              },
            }),
          ),
        ],
      },
      'admin',
    ],
    [
      'look-alike: an aws-cn role whose policy names the commercial partition',
      {
        partition: 'aws-cn',
        inline: [
          doc(
            allow('secretsmanager:GetSecretValue', `arn:aws:secretsmanager:cn-north-1:${ACCOUNT}:secret:*`),
          ),
        ],
      },
      'scoped',
    ],
    [
      'look-alike: an aws-cn AWS-managed policy attached cannot be given a new version',
      {
        partition: 'aws-cn',
        awsManaged: { ReadOnlyAccess: doc(allow('iam:CreatePolicyVersion', 'arn:aws-cn:iam::aws:policy/*')) },
      },
      // A grant on resources AWS owns gives nothing (docs/iam-escalation.md): not even a scoped write.
      'basic',
    ],
  ])('%s: %s', (_, spec, tier) => {
    expect(tierOf(spec, spec.partition === 'aws-cn' ? ['cn-north-1'] : ['us-gov-west-1'])).toBe(tier);
  });

  it('an aws-cn AWS-managed policy is recorded as AWS-managed', () => {
    const principal = role({ partition: 'aws-cn', awsManaged: { ReadOnlyAccess: doc(allow('s3:Get*')) } });
    expect(principal.partition).toBe('aws-cn');
    expect(principal.identity[0]?.kind).toBe('aws_managed');
  });
});
