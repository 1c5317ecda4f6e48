/**
 * One row per method of the §2.7 catalogue: the grant that enables it, and its negative twins, generated
 * from the same grant: cancelled by an explicit deny, capped by a boundary, behind an impossible
 * condition, on a resource that does not match.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Capability, classifyPrincipal } from '../../src/iam/capabilities.js';
import type { ActionCatalog } from '../../src/iam/catalog.js';
import {
  ACCOUNT,
  allow,
  catalogForTests,
  deny,
  doc,
  NOW,
  ROLE_ARN,
  type RoleSpec,
  role,
} from './principal-fixture.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await catalogForTests();
});

const classify = (spec: RoleSpec) => classifyPrincipal(catalog, role(spec), { now: NOW });
const withMethod = (spec: RoleSpec, number: number, name?: string): Capability | undefined =>
  classify(spec).capabilities.find(
    (capability) =>
      capability.method?.number === number && (name === undefined || capability.method.name.includes(name)),
  );

const OWN_POLICY = `arn:aws:iam::${ACCOUNT}:policy/app-policy`;
const ELSEWHERE = 'arn:aws:s3:::one-specific-bucket/one-key';
const IMPOSSIBLE = { DateLessThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } };

interface Row {
  number: number;
  /** Picks one variant of the method by a word of its name. */
  named?: string;
  /** A label for the test only. */
  variant?: string;
  /** The statements granting the method, one per entry, each on `resource`. */
  grants: (string | string[])[];
  resource?: string;
  yields: Capability['kind'];
  /** Attach the grant as a customer-managed policy named app-policy instead of inline. */
  asOwnPolicy?: boolean;
}

const passRole = 'iam:PassRole';
const ROWS: Row[] = [
  { number: 1, grants: ['*'], yields: 'admin' },
  { number: 1, variant: 'split across statements', grants: ['iam:*', 's3:*', 'ec2:*'], yields: 'admin' },
  {
    number: 2,
    named: 'attached to itself',
    grants: ['iam:CreatePolicyVersion'],
    resource: OWN_POLICY,
    yields: 'admin',
    asOwnPolicy: true,
  },
  {
    number: 2,
    named: 'any customer-managed',
    grants: ['iam:CreatePolicyVersion'],
    yields: 'privilege_escalation',
  },
  {
    number: 3,
    named: 'any customer-managed',
    grants: ['iam:SetDefaultPolicyVersion'],
    yields: 'privilege_escalation',
  },
  { number: 4, named: 'its own role', grants: ['iam:PutRolePolicy'], resource: ROLE_ARN, yields: 'admin' },
  { number: 4, named: 'any role', grants: ['iam:PutGroupPolicy'], yields: 'privilege_escalation' },
  { number: 5, named: 'its own role', grants: ['iam:AttachRolePolicy'], resource: ROLE_ARN, yields: 'admin' },
  { number: 5, named: 'any role', grants: ['iam:AttachUserPolicy'], yields: 'privilege_escalation' },
  { number: 6, grants: ['iam:AddUserToGroup'], yields: 'privilege_escalation' },
  { number: 7, grants: ['iam:DeleteRolePermissionsBoundary'], yields: 'privilege_escalation' },
  { number: 8, grants: ['iam:CreateAccessKey'], yields: 'privilege_escalation' },
  { number: 9, grants: ['iam:UpdateLoginProfile'], yields: 'privilege_escalation' },
  { number: 10, grants: ['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'], yields: 'privilege_escalation' },
  { number: 11, grants: ['sts:AssumeRole'], yields: 'lateral_movement' },
  {
    number: 12,
    grants: [passRole, ['lambda:CreateFunction', 'lambda:InvokeFunction']],
    yields: 'privilege_escalation',
  },
  {
    number: 12,
    variant: 'wildcards',
    grants: ['iam:Pass*', 'lambda:Create*', 'lambda:Invoke*'],
    yields: 'privilege_escalation',
  },
  {
    number: 13,
    grants: [passRole, ['lambda:CreateFunction', 'lambda:CreateEventSourceMapping']],
    yields: 'privilege_escalation',
  },
  {
    number: 14,
    grants: [passRole, ['lambda:CreateFunction', 'lambda:AddPermission']],
    yields: 'privilege_escalation',
  },
  { number: 15, grants: ['lambda:UpdateFunctionCode'], yields: 'privilege_escalation' },
  { number: 16, grants: ['lambda:UpdateFunctionConfiguration'], yields: 'privilege_escalation' },
  { number: 17, grants: [passRole, 'ec2:RunInstances'], yields: 'privilege_escalation' },
  { number: 20, grants: ['ssm:SendCommand'], yields: 'privilege_escalation' },
  {
    number: 21,
    named: 'new ECS task',
    grants: [passRole, ['ecs:RegisterTaskDefinition', 'ecs:RunTask']],
    yields: 'privilege_escalation',
  },
  { number: 21, named: 'Execute commands', grants: ['ecs:ExecuteCommand'], yields: 'privilege_escalation' },
  {
    number: 22,
    named: 'new CloudFormation stack',
    grants: [passRole, 'cloudformation:CreateStack'],
    yields: 'privilege_escalation',
  },
  {
    number: 22,
    named: 'change sets',
    grants: [['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet']],
    yields: 'privilege_escalation',
  },
  {
    number: 23,
    named: 'new CodeBuild project',
    grants: [passRole, ['codebuild:CreateProject', 'codebuild:StartBuild']],
    yields: 'privilege_escalation',
  },
  {
    number: 24,
    named: 'Glue job',
    grants: [passRole, ['glue:CreateJob', 'glue:StartJobRun']],
    yields: 'privilege_escalation',
  },
  {
    number: 24,
    named: 'existing Glue dev endpoint',
    grants: ['glue:UpdateDevEndpoint'],
    yields: 'privilege_escalation',
  },
  {
    number: 25,
    named: 'new SageMaker',
    grants: [passRole, 'sagemaker:CreateTrainingJob'],
    yields: 'privilege_escalation',
  },
  { number: 31, grants: ['s3:PutBucketPolicy'], yields: 'resource_exposure' },
  {
    number: 32,
    variant: 'wildcard-only action',
    grants: ['ecr:GetAuthorizationToken'],
    yields: 'credentials_exposure',
  },
  { number: 33, grants: ['secretsmanager:GetSecretValue'], yields: 'sensitive_data' },
];

function spec(row: Row, change: { resource?: string; condition?: object } = {}): RoleSpec {
  const statements = row.grants.map((actions) =>
    allow(
      actions,
      change.resource ?? row.resource ?? '*',
      change.condition ? { Condition: change.condition } : {},
    ),
  );
  return row.asOwnPolicy
    ? { managed: { 'app-policy': doc(...statements) } }
    : { inline: [doc(...statements)] };
}

const label = (row: Row) =>
  `method ${row.number}${(row.named ?? row.variant) ? ` (${row.named ?? row.variant})` : ''}`;
const allActions = (row: Row) => row.grants.flat();

describe.each(ROWS.map((row) => [label(row), row] as const))('%s', (_, row) => {
  it(`${label(row)} holds and yields ${row.yields}`, () => {
    const capability = withMethod(spec(row), row.number, row.named);
    expect(capability).toMatchObject({ kind: row.yields, outcome: 'allowed' });
    for (const step of capability!.steps) expect(step.grants.length).toBeGreaterThan(0);
  });

  it.each<[string, (row: Row) => RoleSpec]>([
    [
      'cancelled by an explicit deny',
      (r) => ({ ...spec(r), managed: { ...spec(r).managed, guard: doc(deny(allActions(r))) } }),
    ],
    ['capped by a permissions boundary', (r) => ({ ...spec(r), boundary: doc(allow(['logs:*', 'xray:*'])) })],
    ['behind an impossible condition', (r) => spec(r, { condition: IMPOSSIBLE })],
    ['on a resource that does not match', (r) => spec(r, { resource: ELSEWHERE })],
  ])(`${label(row)}: not when %s`, (_, twin) => {
    expect(withMethod(twin(row), row.number, row.named)).toBeUndefined();
  });
});

describe('catalogue traps (iam-vulnerable tool-testing)', () => {
  it('fn1: a grant split across two policies still counts', () => {
    const split = {
      inline: [doc(allow('ec2:RunInstances'))],
      managed: { other: doc(allow('iam:PassRole')) },
    };
    expect(withMethod(split, 17)?.outcome).toBe('allowed');
  });

  it('fn2: CreatePolicyVersion on a policy pattern that covers a policy attached to itself', () => {
    const fn2 = {
      managed: { 'fn2-self': doc(allow('iam:CreatePolicyVersion', 'arn:aws:iam::*:policy/fn2-*')) },
    };
    expect(withMethod(fn2, 2, 'attached to itself')?.kind).toBe('admin');
  });

  it('fp4: CreatePolicyVersion on AWS-managed policies is impossible (they cannot be versioned)', () => {
    const fp4 = {
      awsManaged: { 'fp4-policy': doc(allow('iam:CreatePolicyVersion', 'arn:aws:iam::aws:policy/fp4-*')) },
    };
    expect(withMethod(fp4, 2)).toBeUndefined();
  });

  it('iam:PolicyARN restricted to a harmless policy: no admin by attaching', () => {
    const restricted = {
      inline: [
        doc(
          allow('iam:AttachRolePolicy', ROLE_ARN, {
            Condition: { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' } },
          }),
        ),
      ],
    };
    expect(withMethod(restricted, 5)).toBeUndefined();
  });

  it('iam:PassedToService limited to EC2: no Lambda pass-role method', () => {
    const ec2Only = {
      inline: [
        doc(
          allow('iam:PassRole', '*', {
            Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
          }),
          allow(['lambda:*', 'ec2:RunInstances']),
        ),
      ],
    };
    expect(withMethod(ec2Only, 12)).toBeUndefined();
    expect(withMethod(ec2Only, 17)?.outcome).toBe('allowed');
  });

  it('a grant behind a source-IP condition is conditional, with the condition as evidence', () => {
    const capability = withMethod(
      {
        inline: [
          doc(
            allow('iam:PutRolePolicy', ROLE_ARN, {
              Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
            }),
          ),
        ],
      },
      4,
      'its own role',
    );
    expect(capability?.outcome).toBe('conditional');
    expect(capability?.steps[0]?.grants[0]?.openConditions[0]?.key).toBe('aws:SourceIp');
  });
});

describe('tiers', () => {
  const basicExecution = doc(allow(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents']));
  it.each<[string, RoleSpec, string]>([
    [
      'AWSLambdaBasicExecutionRole only: basic',
      { awsManaged: { AWSLambdaBasicExecutionRole: basicExecution } },
      'basic',
    ],
    ['no policy: basic', {}, 'basic'],
    [
      'one table written: scoped',
      { inline: [doc(allow('dynamodb:PutItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`))] },
      'scoped',
    ],
    [
      '... the same denied: basic',
      {
        inline: [
          doc(
            allow('dynamodb:PutItem', `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`),
            deny('dynamodb:*'),
          ),
        ],
      },
      'basic',
    ],
    ['send to every queue: broad_write', { inline: [doc(allow('sqs:SendMessage'))] }, 'broad_write'],
    [
      '... every queue by ARN pattern: broad_write',
      { inline: [doc(allow('sqs:SendMessage', 'arn:aws:sqs:*:*:*'))] },
      'broad_write',
    ],
    [
      '... queues of one prefix: scoped',
      { inline: [doc(allow('sqs:SendMessage', 'arn:aws:sqs:*:*:orders-*'))] },
      'scoped',
    ],
    [
      '... capped by a boundary to one queue: scoped',
      {
        inline: [doc(allow('sqs:SendMessage'))],
        boundary: doc(allow('sqs:SendMessage', `arn:aws:sqs:us-east-1:${ACCOUNT}:q`)),
      },
      'scoped',
    ],
    [
      'read every secret: sensitive_data',
      { inline: [doc(allow('secretsmanager:GetSecretValue'))] },
      'sensitive_data',
    ],
    [
      '... one secret only: scoped',
      {
        inline: [
          doc(
            allow(
              'secretsmanager:GetSecretValue',
              `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-AbCdEf`,
            ),
          ),
        ],
      },
      'scoped',
    ],
    [
      'PowerUserAccess shape (NotAction iam:*): privilege_escalation',
      {
        awsManaged: {
          PowerUserAccess: doc({
            Effect: 'Allow',
            NotAction: ['iam:*', 'organizations:*', 'account:*'],
            Resource: '*',
          }),
        },
      },
      'privilege_escalation',
    ],
    ['AdministratorAccess: admin', { awsManaged: { AdministratorAccess: doc(allow('*')) } }, 'admin'],
    [
      'AdministratorAccess under an SCP denying IAM: not admin',
      { awsManaged: { AdministratorAccess: doc(allow('*')) }, scpLevels: [[doc(allow('*'), deny('iam:*'))]] },
      'privilege_escalation',
    ],
  ])('%s', (_, roleSpec, tier) => {
    expect(classify(roleSpec).tier).toBe(tier);
  });
});
