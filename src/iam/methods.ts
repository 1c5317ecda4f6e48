/**
 * The privilege catalogue (docs/iam-escalation.md, one section per method number): each row one way to
 * gain privilege, with the actions it needs. This is the only place that lists them. A row holds when
 * every step is allowed; a step holds when any of its actions is allowed on its target. Rows with several
 * variants share their method number.
 */

/** What holding a row gives, strongest first where it sets a tier. */
export type Yield =
  | 'admin'
  | 'privilege_escalation'
  | 'sensitive_data'
  | 'resource_exposure'
  | 'credentials_exposure'
  | 'lateral_movement';

/**
 * Where a step's action must be allowed:
 * - `self`: the principal's own ARN (its own role or user);
 * - `own-customer-policies`: one of the customer-managed policies attached to the principal (or to a
 *   group it belongs to);
 * - `own-groups`: one of the groups a user belongs to;
 * - `any`: a resource of the action's type that no policy names specifically (a probe ARN in the
 *   principal's account), i.e. the action is granted broadly, not on a chosen few resources.
 * Resources AWS owns (aws-owned.ts) are never targets: no grant can change them.
 */
export type Target = 'self' | 'own-customer-policies' | 'own-groups' | 'any';

export interface Step {
  readonly anyOf: readonly string[];
  readonly on: Target;
  /** Request keys the method implies (e.g. which service a role is passed to). */
  readonly context?: Readonly<Record<string, string>>;
  /**
   * `own-trust`: the principal has just written the role's trust policy to name itself, so no identity
   * allow is needed; only its identity denies and SCPs can still stop the call (assume.ts `guardrails`).
   */
  readonly grantedBy?: 'own-trust';
}

export interface Method {
  /** Method number of the catalogue in docs/iam-escalation.md. */
  readonly number: number;
  readonly name: string;
  readonly yields: Yield;
  /** Roles can only use rows about roles; users rows about users. */
  readonly principalKind?: 'role' | 'user';
  readonly steps: readonly Step[];
  /**
   * The row removes or replaces the principal's own permissions boundary: the principal then holds what
   * its policies grant without the boundary, and the classification takes those capabilities too.
   */
  readonly liftsOwnBoundary?: true;
}

/** In the principal's partition: ask.ts fills `${Partition}` in method contexts. */
const ADMINISTRATOR_ACCESS = 'arn:${Partition}:iam::aws:policy/AdministratorAccess';
/** Method 10's first step: rewriting a role's trust policy (then assuming the role needs no identity allow). */
export const TRUST_REWRITE = 'iam:UpdateAssumeRolePolicy';
const passRoleTo = (service: string): Step => ({
  anyOf: ['iam:PassRole'],
  on: 'any',
  context: { 'iam:PassedToService': service },
});
const any = (...actions: string[]): Step => ({ anyOf: actions, on: 'any' });
const ownGroups = (...actions: string[]): Step => ({ anyOf: actions, on: 'own-groups' });
const self = (...actions: string[]): Step => ({ anyOf: actions, on: 'self' });
const replaceBoundary = (action: string): Step => ({
  anyOf: [action],
  on: 'self',
  context: { 'iam:PermissionsBoundary': ADMINISTRATOR_ACCESS },
});
const attachAdmin = (action: string, on: Target): Step => ({
  anyOf: [action],
  on,
  context: { 'iam:PolicyARN': ADMINISTRATOR_ACCESS },
});

export const METHODS: readonly Method[] = [
  // 1: admin-equivalent: IAM writes, data, compute everywhere (sentinel actions, docs/iam-escalation.md).
  {
    number: 1,
    name: 'Admin-equivalent: IAM, data and compute on every resource',
    yields: 'admin',
    steps: [
      any('iam:PutRolePolicy'),
      any('iam:CreateUser'),
      any('iam:AttachRolePolicy'),
      any('s3:GetObject'),
      any('ec2:RunInstances'),
    ],
  },
  {
    number: 2,
    name: 'New default version of a policy attached to itself',
    yields: 'admin',
    steps: [{ anyOf: ['iam:CreatePolicyVersion'], on: 'own-customer-policies' }],
  },
  {
    number: 2,
    name: 'New default version of any customer-managed policy',
    yields: 'privilege_escalation',
    steps: [any('iam:CreatePolicyVersion')],
  },
  {
    number: 3,
    name: 'Set an older default version of a policy attached to itself',
    yields: 'admin',
    steps: [{ anyOf: ['iam:SetDefaultPolicyVersion'], on: 'own-customer-policies' }],
  },
  {
    number: 3,
    name: 'Set the default version of any customer-managed policy',
    yields: 'privilege_escalation',
    steps: [any('iam:SetDefaultPolicyVersion')],
  },
  {
    number: 4,
    name: 'Inline policy on its own role',
    yields: 'admin',
    principalKind: 'role',
    steps: [self('iam:PutRolePolicy')],
  },
  {
    number: 4,
    name: 'Inline policy on itself',
    yields: 'admin',
    principalKind: 'user',
    steps: [self('iam:PutUserPolicy')],
  },
  {
    number: 4,
    name: 'Inline policy on a group it belongs to',
    yields: 'admin',
    principalKind: 'user',
    steps: [ownGroups('iam:PutGroupPolicy')],
  },
  {
    number: 4,
    name: 'Inline policy on any role, user or group',
    yields: 'privilege_escalation',
    steps: [any('iam:PutRolePolicy', 'iam:PutUserPolicy', 'iam:PutGroupPolicy')],
  },
  {
    number: 5,
    name: 'Attach AdministratorAccess to its own role',
    yields: 'admin',
    principalKind: 'role',
    steps: [attachAdmin('iam:AttachRolePolicy', 'self')],
  },
  {
    number: 5,
    name: 'Attach AdministratorAccess to itself',
    yields: 'admin',
    principalKind: 'user',
    steps: [attachAdmin('iam:AttachUserPolicy', 'self')],
  },
  {
    number: 5,
    name: 'Attach AdministratorAccess to a group it belongs to',
    yields: 'admin',
    principalKind: 'user',
    steps: [attachAdmin('iam:AttachGroupPolicy', 'own-groups')],
  },
  {
    number: 5,
    name: 'Attach AdministratorAccess to any role, user or group',
    yields: 'privilege_escalation',
    steps: [
      {
        anyOf: ['iam:AttachRolePolicy', 'iam:AttachUserPolicy', 'iam:AttachGroupPolicy'],
        on: 'any',
        context: { 'iam:PolicyARN': ADMINISTRATOR_ACCESS },
      },
    ],
  },
  {
    number: 6,
    name: 'Add a user to any group',
    yields: 'privilege_escalation',
    steps: [any('iam:AddUserToGroup')],
  },
  {
    number: 7,
    name: 'Remove its own permissions boundary',
    yields: 'privilege_escalation',
    principalKind: 'role',
    steps: [self('iam:DeleteRolePermissionsBoundary')],
    liftsOwnBoundary: true,
  },
  {
    number: 7,
    name: 'Remove its own permissions boundary',
    yields: 'privilege_escalation',
    principalKind: 'user',
    steps: [self('iam:DeleteUserPermissionsBoundary')],
    liftsOwnBoundary: true,
  },
  {
    number: 7,
    name: 'Replace its own permissions boundary with AdministratorAccess',
    yields: 'privilege_escalation',
    principalKind: 'role',
    steps: [replaceBoundary('iam:PutRolePermissionsBoundary')],
    liftsOwnBoundary: true,
  },
  {
    number: 7,
    name: 'Replace its own permissions boundary with AdministratorAccess',
    yields: 'privilege_escalation',
    principalKind: 'user',
    steps: [replaceBoundary('iam:PutUserPermissionsBoundary')],
    liftsOwnBoundary: true,
  },
  {
    number: 7,
    name: 'Remove or replace a permissions boundary',
    yields: 'privilege_escalation',
    steps: [
      any(
        'iam:DeleteRolePermissionsBoundary',
        'iam:PutRolePermissionsBoundary',
        'iam:DeleteUserPermissionsBoundary',
        'iam:PutUserPermissionsBoundary',
      ),
    ],
  },
  {
    number: 8,
    name: 'Create an access key for any user',
    yields: 'privilege_escalation',
    steps: [any('iam:CreateAccessKey')],
  },
  {
    number: 9,
    name: 'Set a console password for any user',
    yields: 'privilege_escalation',
    steps: [any('iam:CreateLoginProfile', 'iam:UpdateLoginProfile')],
  },
  {
    number: 10,
    name: 'Rewrite any role trust policy to name itself, then assume the role',
    yields: 'privilege_escalation',
    steps: [any(TRUST_REWRITE), { anyOf: ['sts:AssumeRole'], on: 'any', grantedBy: 'own-trust' }],
  },
  {
    number: 11,
    name: 'Assume other roles (where their trust policies allow)',
    yields: 'lateral_movement',
    steps: [any('sts:AssumeRole')],
  },
  {
    number: 12,
    name: 'Pass a role to a new Lambda function and invoke it',
    yields: 'privilege_escalation',
    steps: [
      passRoleTo('lambda.amazonaws.com'),
      any('lambda:CreateFunction'),
      any('lambda:InvokeFunction', 'lambda:InvokeAsync'),
    ],
  },
  {
    number: 13,
    name: 'Pass a role to a new Lambda function triggered by an event source',
    yields: 'privilege_escalation',
    steps: [
      passRoleTo('lambda.amazonaws.com'),
      any('lambda:CreateFunction'),
      any('lambda:CreateEventSourceMapping'),
    ],
  },
  {
    number: 14,
    name: 'Pass a role to a new Lambda function and open it with AddPermission',
    yields: 'privilege_escalation',
    steps: [passRoleTo('lambda.amazonaws.com'), any('lambda:CreateFunction'), any('lambda:AddPermission')],
  },
  {
    number: 15,
    name: "Replace any function's code (runs as that function's role)",
    yields: 'privilege_escalation',
    steps: [any('lambda:UpdateFunctionCode')],
  },
  {
    number: 16,
    name: "Change any function's configuration (layers, wrapper, role)",
    yields: 'privilege_escalation',
    steps: [any('lambda:UpdateFunctionConfiguration')],
  },
  {
    number: 17,
    name: 'Pass a role to an EC2 instance',
    yields: 'privilege_escalation',
    steps: [
      passRoleTo('ec2.amazonaws.com'),
      any('ec2:RunInstances', 'ec2:RequestSpotInstances', 'ec2:AssociateIamInstanceProfile'),
    ],
  },
  {
    number: 19,
    name: 'Push an SSH key to instances with EC2 Instance Connect',
    yields: 'privilege_escalation',
    steps: [
      any('ec2-instance-connect:SendSSHPublicKey', 'ec2-instance-connect:SendSerialConsoleSSHPublicKey'),
    ],
  },
  {
    number: 20,
    name: 'Run commands on managed instances',
    yields: 'privilege_escalation',
    steps: [any('ssm:SendCommand', 'ssm:StartSession')],
  },
  {
    number: 21,
    name: 'Pass a role to a new ECS task',
    yields: 'privilege_escalation',
    steps: [
      passRoleTo('ecs-tasks.amazonaws.com'),
      any('ecs:RegisterTaskDefinition'),
      any('ecs:RunTask', 'ecs:StartTask', 'ecs:CreateService'),
    ],
  },
  {
    number: 21,
    name: 'Execute commands in running ECS tasks',
    yields: 'privilege_escalation',
    steps: [any('ecs:ExecuteCommand')],
  },
  {
    number: 22,
    name: 'Pass a role to a new CloudFormation stack',
    yields: 'privilege_escalation',
    steps: [
      passRoleTo('cloudformation.amazonaws.com'),
      any('cloudformation:CreateStack', 'cloudformation:CreateStackSet'),
    ],
  },
  {
    number: 22,
    name: 'Update stacks that run as their service role',
    yields: 'privilege_escalation',
    steps: [any('cloudformation:UpdateStack')],
  },
  {
    number: 22,
    name: 'Create and execute change sets',
    yields: 'privilege_escalation',
    steps: [any('cloudformation:CreateChangeSet'), any('cloudformation:ExecuteChangeSet')],
  },
  {
    number: 23,
    name: 'Pass a role to a new CodeBuild project and build it',
    yields: 'privilege_escalation',
    steps: [
      passRoleTo('codebuild.amazonaws.com'),
      any('codebuild:CreateProject'),
      any('codebuild:StartBuild', 'codebuild:StartBuildBatch'),
    ],
  },
  {
    number: 23,
    name: 'Start builds of existing CodeBuild projects',
    yields: 'privilege_escalation',
    steps: [any('codebuild:StartBuild', 'codebuild:StartBuildBatch')],
  },
  {
    number: 24,
    name: 'Pass a role to a new Glue dev endpoint (legacy)',
    yields: 'privilege_escalation',
    steps: [passRoleTo('glue.amazonaws.com'), any('glue:CreateDevEndpoint')],
  },
  {
    number: 24,
    name: 'Update an existing Glue dev endpoint (legacy)',
    yields: 'privilege_escalation',
    steps: [any('glue:UpdateDevEndpoint')],
  },
  {
    number: 24,
    name: 'Pass a role to a new Glue job and run it',
    yields: 'privilege_escalation',
    steps: [
      passRoleTo('glue.amazonaws.com'),
      any('glue:CreateJob', 'glue:UpdateJob'),
      any('glue:StartJobRun', 'glue:CreateTrigger'),
    ],
  },
  {
    number: 25,
    name: 'Pass a role to a new SageMaker notebook or job',
    yields: 'privilege_escalation',
    steps: [
      passRoleTo('sagemaker.amazonaws.com'),
      any('sagemaker:CreateNotebookInstance', 'sagemaker:CreateTrainingJob', 'sagemaker:CreateProcessingJob'),
    ],
  },
  {
    number: 25,
    name: 'Open existing SageMaker notebooks',
    yields: 'privilege_escalation',
    steps: [any('sagemaker:CreatePresignedNotebookInstanceUrl')],
  },
  {
    number: 26,
    name: 'Pass a role to a new Data Pipeline and activate it (legacy)',
    yields: 'privilege_escalation',
    steps: [
      passRoleTo('datapipeline.amazonaws.com'),
      any('datapipeline:CreatePipeline'),
      any('datapipeline:PutPipelineDefinition'),
      any('datapipeline:ActivatePipeline'),
    ],
  },
  {
    number: 28,
    name: 'Pass a role to a new launch configuration and start an Auto Scaling group',
    yields: 'privilege_escalation',
    steps: [
      passRoleTo('ec2.amazonaws.com'),
      any('autoscaling:CreateLaunchConfiguration'),
      any('autoscaling:CreateAutoScalingGroup', 'autoscaling:UpdateAutoScalingGroup'),
    ],
  },
  {
    number: 28,
    name: 'Pass a role to a new launch template and start an Auto Scaling group',
    yields: 'privilege_escalation',
    steps: [
      passRoleTo('ec2.amazonaws.com'),
      any('ec2:CreateLaunchTemplate', 'ec2:CreateLaunchTemplateVersion'),
      any('autoscaling:CreateAutoScalingGroup', 'autoscaling:UpdateAutoScalingGroup'),
      // Auto Scaling checks the caller's own RunInstances when the group uses a launch template.
      any('ec2:RunInstances'),
    ],
  },
  {
    number: 31,
    name: 'Expose resources to other accounts or the public (resource policies)',
    yields: 'resource_exposure',
    steps: [
      any(
        's3:PutBucketPolicy',
        's3:PutBucketAcl',
        's3:PutBucketPublicAccessBlock',
        'sns:AddPermission',
        'sns:SetTopicAttributes',
        'sqs:AddPermission',
        'sqs:SetQueueAttributes',
        'kms:PutKeyPolicy',
        'kms:CreateGrant',
        'secretsmanager:PutResourcePolicy',
        'lambda:AddPermission',
        'ecr:SetRepositoryPolicy',
        'ec2:ModifySnapshotAttribute',
        'ram:CreateResourceShare',
        'logs:PutResourcePolicy',
      ),
    ],
  },
  {
    number: 32,
    name: 'Obtain credentials or tokens',
    yields: 'credentials_exposure',
    steps: [
      any(
        'iam:CreateAccessKey',
        'iam:CreateLoginProfile',
        'iam:UpdateAccessKey',
        'iam:CreateServiceSpecificCredential',
        'iam:ResetServiceSpecificCredential',
        'sts:GetFederationToken',
        'sso:GetRoleCredentials',
        'ecr:GetAuthorizationToken',
        'codeartifact:GetAuthorizationToken',
        'ec2:GetPasswordData',
        'redshift:GetClusterCredentials',
        'rds-db:connect',
        'cognito-identity:GetCredentialsForIdentity',
        'lightsail:GetInstanceAccessDetails',
      ),
    ],
  },
  {
    number: 33,
    name: 'Read data in every bucket, secret, parameter, table or key',
    yields: 'sensitive_data',
    steps: [
      any(
        's3:GetObject',
        'secretsmanager:GetSecretValue',
        'ssm:GetParameter',
        'ssm:GetParameters',
        'ssm:GetParametersByPath',
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:Scan',
        'dynamodb:BatchGetItem',
        'dynamodb:ExportTableToPointInTime',
        'kms:Decrypt',
        'lambda:GetFunction',
      ),
    ],
  },
];

/**
 * Ways to change the policies of one given role (CAN_MODIFY_POLICY edges): an action on the role itself,
 * or on a customer-managed policy attached to it (AWS-managed policies cannot be changed, aws-owned.ts).
 * Rewriting its trust policy (TRUST_REWRITE) reaches the role without changing its policies: a CAN_ASSUME
 * edge.
 */
export const ROLE_TAKEOVER: readonly {
  action: string;
  on: 'role' | 'attached-customer-policy';
  context?: Readonly<Record<string, string>>;
}[] = [
  { action: 'iam:PutRolePolicy', on: 'role' },
  { action: 'iam:AttachRolePolicy', on: 'role', context: { 'iam:PolicyARN': ADMINISTRATOR_ACCESS } },
  { action: 'iam:DeleteRolePermissionsBoundary', on: 'role' },
  { action: 'iam:CreatePolicyVersion', on: 'attached-customer-policy' },
  { action: 'iam:SetDefaultPolicyVersion', on: 'attached-customer-policy' },
];

/** Method 33's actions, by the service whose data they read (CAN_ACCESS edges). */
export function dataAccessActionsByService(): Map<string, string[]> {
  const byService = new Map<string, string[]>();
  for (const action of METHODS.find((method) => method.number === 33)?.steps[0]?.anyOf ?? []) {
    const service = action.slice(0, action.indexOf(':'));
    byService.set(service, [...(byService.get(service) ?? []), action]);
  }
  return byService;
}
