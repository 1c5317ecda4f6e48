/**
 * Who controls each condition key (docs/iam.md "Condition keys: who controls them"), one table per class,
 * then what each class does to an Allow and a Deny. Classes follow the IAM user guide
 * (reference_policies_condition-keys) and the service authorization reference (keys listed on resource
 * types describe the resource).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActionCatalog } from '../../src/iam/catalog.js';
import { GLOBAL_CONDITION_KEYS, type KeyOwner } from '../../src/iam/condition-keys.js';
import { attackerContext, sessionFacts } from '../../src/iam/context.js';
import { decide } from '../../src/iam/evaluate.js';
import { allow, catalogForTests, deny, doc, NOW, role } from './principal-fixture.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await catalogForTests();
});

const CLASSES: Record<KeyOwner, string[]> = {
  principal: [
    'aws:PrincipalArn',
    'aws:PrincipalOrgID',
    'aws:PrincipalTag/team',
    'aws:MultiFactorAuthPresent',
    'aws:SourceIdentity',
    'aws:userid',
    'lambda:SourceFunctionArn',
  ],
  caller: [
    'aws:RequestedRegion',
    'aws:RequestTag/team',
    'aws:TagKeys',
    'aws:SecureTransport',
    'aws:UserAgent',
    's3:prefix',
    'iam:PassedToService',
    'lambda:FunctionUrlAuthType',
    'apigateway:Request/ApiName',
  ],
  resource: [
    'aws:ResourceTag/env',
    'aws:ResourceAccount',
    'aws:ResourceOrgID',
    's3:BucketTag/env',
    's3:AccessPointTag/env',
    's3:ExistingObjectTag/classification',
    'secretsmanager:ResourceTag/env',
    'apigateway:Resource/ApiName',
  ],
  context: [
    'aws:SourceIp',
    'aws:SourceVpce',
    'aws:CalledVia',
    'aws:ViaAWSService',
    'aws:SourceArn',
    'aws:SourceAccount',
    'aws:CurrentTime',
    'sts:ExternalId',
    'aws:SomeFutureGlobalKey',
  ],
};

describe('the condition-key table', () => {
  for (const [owner, keys] of Object.entries(CLASSES)) {
    it.each(keys)(`%s belongs to the ${owner}`, (key) => {
      expect(catalog.conditionKeys.owner(key.toLowerCase())).toBe(owner);
    });
  }

  it('without the catalogue, service keys are unknown (never the caller’s choice)', () => {
    expect(GLOBAL_CONDITION_KEYS.owner('s3:prefix')).toBe('context');
    expect(GLOBAL_CONDITION_KEYS.owner('s3:buckettag/env')).toBe('context');
    expect(GLOBAL_CONDITION_KEYS.owner('aws:requestedregion')).toBe('caller');
  });
});

const outcomeWith = (statements: object[]) => {
  const principal = role({ inline: [doc(...statements)] });
  return decide(catalog, principal, {
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::data-bucket/k',
    context: attackerContext(sessionFacts(principal, NOW), {}, catalog.conditionKeys),
  }).outcome;
};
const on = (operator: string, key: string, value: string) => ({
  Condition: { [operator]: { [key]: value } },
});

describe('what each class does to an Allow and to a Deny', () => {
  it.each<[string, object[], string]>([
    [
      'Allow on a bucket tag: conditional',
      [allow('s3:GetObject', '*', on('StringEquals', 's3:BucketTag/env', 'prod'))],
      'conditional',
    ],
    [
      'Allow on a resource tag: conditional',
      [allow('s3:GetObject', '*', on('StringEquals', 'aws:ResourceTag/env', 'prod'))],
      'conditional',
    ],
    [
      'Deny unless a bucket tag: not assumed away',
      [allow('s3:GetObject'), deny('s3:GetObject', '*', on('StringNotEquals', 's3:BucketTag/public', 'yes'))],
      'conditional',
    ],
    [
      'Deny on an existing object tag: not assumed away',
      [
        allow('s3:GetObject'),
        deny('s3:GetObject', '*', on('StringEquals', 's3:ExistingObjectTag/secret', 'yes')),
      ],
      'conditional',
    ],
    [
      'Allow on a request parameter: the caller sets it',
      [allow('s3:GetObject', '*', on('StringLike', 's3:prefix', 'home/*'))],
      'allowed',
    ],
    [
      'Deny on a request tag: the caller avoids it',
      [allow('s3:GetObject'), deny('s3:GetObject', '*', on('StringEquals', 'aws:RequestTag/env', 'prod'))],
      'allowed',
    ],
    [
      'Allow on the source IP (context): conditional',
      [allow('s3:GetObject', '*', on('IpAddress', 'aws:SourceIp', '10.0.0.0/8'))],
      'conditional',
    ],
    [
      'Allow on an organization (principal fact we lack): conditional',
      [allow('s3:GetObject', '*', on('StringEquals', 'aws:PrincipalOrgID', 'o-1'))],
      'conditional',
    ],
    [
      'Allow on a principal tag it lacks: impossible',
      [allow('s3:GetObject', '*', on('StringEquals', 'aws:PrincipalTag/team', 'x'))],
      'denied',
    ],
  ])('%s', (_, statements, expected) => {
    expect(outcomeWith(statements)).toBe(expected);
  });
});
