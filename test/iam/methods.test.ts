/**
 * One row per method of the catalogue (docs/iam-escalation.md): the grant that enables it, and its negative twins, generated
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
  type UserSpec,
  user,
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
  {
    number: 10,
    variant: 'the rewritten trust alone, no sts:AssumeRole grant',
    grants: ['iam:UpdateAssumeRolePolicy'],
    yields: 'privilege_escalation',
  },
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
    number: 12,
    variant: 'asynchronous invoke',
    grants: [passRole, ['lambda:CreateFunction', 'lambda:InvokeAsync']],
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
  { number: 19, grants: ['ec2-instance-connect:SendSSHPublicKey'], yields: 'privilege_escalation' },
  {
    number: 19,
    variant: 'serial console',
    grants: ['ec2-instance-connect:SendSerialConsoleSSHPublicKey'],
    yields: 'privilege_escalation',
  },
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
  {
    number: 26,
    grants: [
      passRole,
      ['datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition', 'datapipeline:ActivatePipeline'],
    ],
    yields: 'privilege_escalation',
  },
  {
    number: 28,
    named: 'launch configuration',
    grants: [passRole, ['autoscaling:CreateLaunchConfiguration', 'autoscaling:CreateAutoScalingGroup']],
    yields: 'privilege_escalation',
  },
  {
    number: 28,
    named: 'launch template',
    grants: [
      passRole,
      ['ec2:CreateLaunchTemplate', 'autoscaling:UpdateAutoScalingGroup', 'ec2:RunInstances'],
    ],
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

/** A method needs every one of its steps: dropping one (or a guardrail on it) leaves no method. */
describe('escalation methods missing a step', () => {
  const only = (...statements: object[]) => ({ inline: [doc(...statements)] });
  it.each<[string, RoleSpec, number, string | undefined]>([
    [
      'Data Pipeline without ActivatePipeline (a pipeline runs only once activated)',
      only(allow([passRole, 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition'])),
      26,
      undefined,
    ],
    [
      'Data Pipeline with PassRole limited to Lambda',
      only(
        allow(['datapipeline:*']),
        allow(passRole, '*', {
          Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
        }),
      ),
      26,
      undefined,
    ],
    [
      'Auto Scaling with a launch template but no ec2:RunInstances',
      only(allow([passRole, 'ec2:CreateLaunchTemplate', 'autoscaling:CreateAutoScalingGroup'])),
      28,
      'launch template',
    ],
    [
      'Auto Scaling group without a launch configuration or template',
      only(allow([passRole, 'autoscaling:CreateAutoScalingGroup'])),
      28,
      undefined,
    ],
    [
      'trust rewrite under an SCP denying sts:AssumeRole',
      {
        ...only(allow('iam:UpdateAssumeRolePolicy')),
        scpLevels: [[doc(allow('*'), deny('sts:AssumeRole'))]],
      },
      10,
      undefined,
    ],
    [
      'trust rewrite with its own identity Deny of sts:AssumeRole',
      only(allow('iam:UpdateAssumeRolePolicy'), deny('sts:AssumeRole')),
      10,
      undefined,
    ],
    [
      'Instance Connect limited to one instance',
      only(
        allow(
          'ec2-instance-connect:SendSSHPublicKey',
          `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0123456789abcdef0`,
        ),
      ),
      19,
      undefined,
    ],
  ])('%s: no method %i', (_, roleSpec, number, named) => {
    expect(withMethod(roleSpec, number, named)).toBeUndefined();
  });
});

/**
 * Method 7 on the principal's own boundary: once removed (or replaced by AdministratorAccess), the
 * principal holds what its policies grant without it, so the classification reaches that tier.
 */
describe('a role that may lift its own boundary', () => {
  const everything = doc(allow('*'));
  const lift = (action: string, extra: object = {}) => doc(allow(['s3:GetObject', action], '*', extra));
  it.each<[string, RoleSpec, string]>([
    [
      'may delete its boundary: admin',
      { inline: [everything], boundary: lift('iam:DeleteRolePermissionsBoundary') },
      'admin',
    ],
    [
      'may replace its boundary with any policy: admin',
      { inline: [everything], boundary: lift('iam:PutRolePermissionsBoundary') },
      'admin',
    ],
    [
      'may only set the same boundary again (iam:PermissionsBoundary pinned): not admin',
      {
        inline: [everything],
        boundary: doc(
          allow('s3:GetObject'),
          allow('iam:PutRolePermissionsBoundary', ROLE_ARN, {
            Condition: {
              StringEquals: { 'iam:PermissionsBoundary': `arn:aws:iam::${ACCOUNT}:policy/boundary` },
            },
          }),
        ),
      },
      'sensitive_data',
    ],
    [
      'the boundary does not allow deleting it: not admin',
      { inline: [everything], boundary: doc(allow('s3:GetObject')) },
      'sensitive_data',
    ],
    [
      'an identity Deny on deleting it: not admin',
      {
        inline: [everything, doc(deny('iam:DeleteRolePermissionsBoundary'))],
        boundary: lift('iam:DeleteRolePermissionsBoundary'),
      },
      'sensitive_data',
    ],
    [
      'may delete the boundary of another role only: not admin',
      {
        inline: [everything],
        boundary: doc(
          allow('s3:GetObject'),
          allow('iam:DeleteRolePermissionsBoundary', `arn:aws:iam::${ACCOUNT}:role/other`),
        ),
      },
      'sensitive_data',
    ],
    [
      'without the boundary its policies grant only reads: sensitive_data',
      { inline: [doc(allow('s3:GetObject'))], boundary: lift('iam:DeleteRolePermissionsBoundary') },
      'sensitive_data',
    ],
  ])('%s', (_, roleSpec, tier) => {
    expect(classify(roleSpec).tier).toBe(tier);
  });

  it('names the boundary step first in the evidence of what it reaches', () => {
    const capability = classify({
      inline: [everything],
      boundary: lift('iam:DeleteRolePermissionsBoundary'),
    }).capabilities.find((candidate) => candidate.kind === 'admin');
    expect(capability?.method?.number).toBe(7);
    expect(capability?.steps[0]).toMatchObject({
      action: 'iam:DeleteRolePermissionsBoundary',
      resource: ROLE_ARN,
    });
  });

  it('behind a source-IP condition: admin, conditional', () => {
    const capability = classify({
      inline: [everything],
      boundary: lift('iam:DeleteRolePermissionsBoundary', {
        Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      }),
    }).capabilities.find((candidate) => candidate.kind === 'admin');
    expect(capability?.outcome).toBe('conditional');
  });
});

/** Users: editing a group they belong to edits their own permissions (method 4 and 5 on own groups). */
describe('policy edits on a group the user belongs to', () => {
  const DEVS = `arn:aws:iam::${ACCOUNT}:group/devs`;
  const classifyUser = (spec: UserSpec) => classifyPrincipal(catalog, user(spec), { now: NOW });
  const adminVia = (spec: UserSpec) =>
    classifyUser(spec).capabilities.find(
      (c) => c.kind === 'admin' && c.method?.name.includes('group it belongs to'),
    );
  it.each<[string, UserSpec, boolean]>([
    [
      'PutGroupPolicy on its own group',
      { groups: { devs: [] }, inline: [doc(allow('iam:PutGroupPolicy', DEVS))] },
      true,
    ],
    [
      'the grant sits in the group itself',
      { groups: { devs: [doc(allow('iam:PutGroupPolicy', DEVS))] } },
      true,
    ],
    [
      'AttachGroupPolicy on its own group',
      { groups: { devs: [] }, inline: [doc(allow('iam:AttachGroupPolicy', DEVS))] },
      true,
    ],
    [
      'AttachGroupPolicy limited to ReadOnlyAccess',
      {
        groups: { devs: [] },
        inline: [
          doc(
            allow('iam:AttachGroupPolicy', DEVS, {
              Condition: { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' } },
            }),
          ),
        ],
      },
      false,
    ],
    [
      'PutGroupPolicy on a group it does not belong to',
      {
        groups: { devs: [] },
        inline: [doc(allow('iam:PutGroupPolicy', `arn:aws:iam::${ACCOUNT}:group/ops`))],
      },
      false,
    ],
    [
      'PutGroupPolicy on its own group, denied',
      { groups: { devs: [] }, inline: [doc(allow('iam:PutGroupPolicy', DEVS), deny('iam:PutGroupPolicy'))] },
      false,
    ],
    [
      'PutGroupPolicy on its own group, capped by its boundary',
      {
        groups: { devs: [] },
        inline: [doc(allow('iam:PutGroupPolicy', DEVS))],
        boundary: doc(allow('s3:*')),
      },
      false,
    ],
    [
      'PutGroupPolicy on its own group behind an impossible condition',
      { groups: { devs: [] }, inline: [doc(allow('iam:PutGroupPolicy', DEVS, { Condition: IMPOSSIBLE }))] },
      false,
    ],
  ])('%s', (_, spec, admin) => {
    expect(adminVia(spec) !== undefined).toBe(admin);
    if (admin) expect(classifyUser(spec).tier).toBe('admin');
  });
});

/** Grants on what AWS owns change nothing (docs/iam-escalation.md, "Grants AWS makes useless"). */
describe('grants AWS makes useless do not raise the tier', () => {
  it.each<[string, RoleSpec, string]>([
    [
      'CreatePolicyVersion on AWS-managed policies',
      { inline: [doc(allow('iam:CreatePolicyVersion', 'arn:aws:iam::aws:policy/*'))] },
      'basic',
    ],
    [
      '... on customer-managed policies of a prefix (look-alike): scoped',
      { inline: [doc(allow('iam:CreatePolicyVersion', `arn:aws:iam::${ACCOUNT}:policy/app-*`))] },
      'scoped',
    ],
    [
      'PutRolePolicy and PassRole on Identity Center roles',
      {
        inline: [
          doc(
            allow(
              ['iam:PutRolePolicy', 'iam:PassRole'],
              `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/*`,
            ),
          ),
        ],
      },
      'basic',
    ],
    [
      'PutRolePolicy on service-linked roles',
      { inline: [doc(allow('iam:PutRolePolicy', `arn:aws:iam::${ACCOUNT}:role/aws-service-role/*`))] },
      'basic',
    ],
    [
      'UpdateAlias and DeleteAlias on AWS-managed KMS aliases',
      { inline: [doc(allow(['kms:UpdateAlias', 'kms:DeleteAlias'], 'arn:aws:kms:*:*:alias/aws/*'))] },
      'basic',
    ],
    [
      '... on customer aliases (look-alike): scoped',
      { inline: [doc(allow(['kms:UpdateAlias', 'kms:DeleteAlias'], 'arn:aws:kms:*:*:alias/app-*'))] },
      'scoped',
    ],
  ])('%s', (_, roleSpec, tier) => {
    expect(classify(roleSpec).tier).toBe(tier);
  });

  it('an Identity Center role cannot put a policy on itself (no self method), only on other roles', () => {
    const sso = {
      path: '/aws-reserved/sso.amazonaws.com/',
      name: 'AWSReservedSSO_Dev_0123456789abcdef',
      inline: [doc(allow('iam:PutRolePolicy'))],
    };
    expect(withMethod(sso, 4, 'its own role')).toBeUndefined();
    expect(withMethod(sso, 4, 'any role')?.kind).toBe('privilege_escalation');
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
