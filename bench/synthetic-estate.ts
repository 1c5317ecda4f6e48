/**
 * Synthetic-estate generator: writes a snapshot of any size in the real snapshot format (AWS SDK shapes,
 * URL-encoded IAM documents, one unit file per account/region/service, a manifest), deterministic for a
 * given size. Per account: roles (one inline policy each, two customer-managed attachments), the
 * remaining customer-managed policies, functions (each with its own role; every 5th with a `live` alias
 * and an alias URL, every 10th with a URL of its own), HTTP APIs (5 routes, Lambda integrations, a JWT
 * authorizer), application load balancers (HTTPS listener, 3 rules with ordered actions, Lambda target
 * groups) and their security groups.
 *
 * Run:  npx tsc -p bench/load-tsconfig.json && \
 *       node bench/out/load/bench/synthetic-estate.js DIR [--accounts 1] [--functions 10000] [--roles 10000]
 *            [--policies 30000] [--apis 200] [--load-balancers 100]
 * (sizes are per account; `--policies` counts every AWSPolicy: one inline per role plus customer-managed)
 */
import type { Manifest, ManifestUnit, ServiceName } from '../src/snapshot/format.js';
import { type UnitFileOf, writeSnapshot } from '../src/snapshot/write.js';

export interface EstateSize {
  accounts: number;
  functions: number;
  roles: number;
  policies: number;
  apis: number;
  loadBalancers: number;
  /** Buckets, tables, secrets and parameters of the data-stores unit (0: no unit, as before issue 13). */
  dataStores: number;
}

export const GOAL_SIZE: EstateSize = {
  accounts: 1,
  functions: 10_000,
  roles: 10_000,
  policies: 30_000,
  apis: 200,
  loadBalancers: 100,
  dataStores: 0,
};

const REGION = 'us-east-1';
const COLLECTED_AT = '2026-11-28T12:00:00.000Z';
const encode = (document: object) => encodeURIComponent(JSON.stringify(document));
const pad = (index: number) => String(index).padStart(6, '0');

export function accountId(index: number): string {
  return String(100_000_000_000 + index);
}

export function syntheticEstate(size: EstateSize): { manifest: Manifest; files: UnitFileOf<ServiceName>[] } {
  const files: UnitFileOf<ServiceName>[] = [];
  for (let index = 0; index < size.accounts; index++) {
    const account = accountId(index);
    const unit = <S extends ServiceName>(service: S, region: string, data: UnitFileOf<S>['data']) =>
      files.push({ unit: { accountId: account, region, service }, collectedAt: COLLECTED_AT, data } as never);
    unit('iam', 'global', iam(account, size));
    unit('lambda', REGION, lambda(account, size));
    unit('apigatewayv2', REGION, apis(account, size));
    unit('elbv2', REGION, loadBalancers(account, size));
    unit('ec2', REGION, securityGroups(account, size));
    if (size.dataStores > 0) unit('datastores', REGION, dataStores(account, size));
  }
  const units: ManifestUnit[] = files.map((file) => ({ ...file.unit, status: 'ok' }));
  const manifest: Manifest = {
    tool: 'toxgraph',
    version: '0.1.0',
    createdAt: COLLECTED_AT,
    scanId: `synthetic-${size.accounts}x${size.functions}`,
    callerIdentity: { Account: accountId(0) },
    accounts: files.filter((file) => file.unit.service === 'iam').map((file) => file.unit.accountId),
    regions: [REGION],
    units,
    gaps: [],
  };
  return { manifest, files };
}

export async function writeSyntheticEstate(dir: string, size: EstateSize): Promise<void> {
  const { manifest, files } = syntheticEstate(size);
  await writeSnapshot(dir, manifest, files);
}

const roleArn = (account: string, index: number) => `arn:aws:iam::${account}:role/fn-role-${pad(index)}`;
const policyArn = (account: string, index: number) =>
  `arn:aws:iam::${account}:policy/app-policy-${pad(index)}`;
const functionArn = (account: string, index: number) =>
  `arn:aws:lambda:${REGION}:${account}:function:fn-${pad(index)}`;

function iam(account: string, size: EstateSize): UnitFileOf<'iam'>['data'] {
  const managed = Math.max(size.policies - size.roles, 0);
  const trust = encode({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  });
  const RoleDetailList = Array.from({ length: size.roles }, (_, index) => ({
    Path: '/',
    RoleName: `fn-role-${pad(index)}`,
    RoleId: `AROA${pad(index)}`,
    Arn: roleArn(account, index),
    CreateDate: new Date(COLLECTED_AT),
    AssumeRolePolicyDocument: trust,
    InstanceProfileList: [],
    RolePolicyList: [
      {
        PolicyName: 'logs',
        PolicyDocument: encode({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              Resource: `arn:aws:logs:${REGION}:${account}:log-group:/aws/lambda/fn-${pad(index)}:*`,
            },
          ],
        }),
      },
    ],
    AttachedManagedPolicies:
      managed === 0
        ? []
        : [0, 1].map((offset) => ({
            PolicyName: `app-policy-${pad((index * 2 + offset) % managed)}`,
            PolicyArn: policyArn(account, (index * 2 + offset) % managed),
          })),
    Tags: [{ Key: 'team', Value: `team-${index % 20}` }],
    RoleLastUsed: index % 3 === 0 ? {} : { LastUsedDate: new Date(COLLECTED_AT), Region: REGION },
  }));
  const Policies = Array.from({ length: managed }, (_, index) => ({
    PolicyName: `app-policy-${pad(index)}`,
    PolicyId: `ANPA${pad(index)}`,
    Arn: policyArn(account, index),
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: 1,
    IsAttachable: true,
    PolicyVersionList: [
      {
        VersionId: 'v1',
        IsDefaultVersion: true,
        CreateDate: new Date(COLLECTED_AT),
        Document: encode({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'Data',
              Effect: 'Allow',
              Action: index % 50 === 0 ? '*' : ['dynamodb:GetItem', 'dynamodb:PutItem', 's3:GetObject'],
              Resource: [
                `arn:aws:dynamodb:${REGION}:${account}:table/table-${index % 500}`,
                `arn:aws:s3:::bucket-${index % 300}/*`,
              ],
            },
          ],
        }),
      },
    ],
  }));
  return { authorizationDetails: { UserDetailList: [], GroupDetailList: [], RoleDetailList, Policies } };
}

function lambda(account: string, size: EstateSize): UnitFileOf<'lambda'>['data'] {
  const data: UnitFileOf<'lambda'>['data'] = {
    functions: [],
    aliases: {},
    urlConfigs: {},
    policies: {},
    reservedConcurrency: {},
  };
  for (let index = 0; index < size.functions; index++) {
    const arn = functionArn(account, index);
    data.functions.push({
      FunctionName: `fn-${pad(index)}`,
      FunctionArn: arn,
      Runtime: 'nodejs20.x',
      Role: roleArn(account, index % Math.max(size.roles, 1)),
      Handler: 'index.handler',
      CodeSize: 2048,
      Timeout: 30,
      MemorySize: 512,
      LastModified: '2026-11-01T10:00:00.000+0000',
      Version: '$LATEST',
      PackageType: 'Zip',
      Architectures: ['arm64'],
      Environment: { VariableNames: ['TABLE', 'API_TOKEN'], SecretLookingNames: ['API_TOKEN'] },
    });
    if (index % 7 === 0) data.reservedConcurrency[arn] = 10;
    if (index % 10 === 0) {
      data.urlConfigs[arn] = [
        {
          FunctionArn: arn,
          FunctionUrl: `https://u${pad(index)}.lambda-url.${REGION}.on.aws/`,
          AuthType: 'AWS_IAM',
          CreationTime: COLLECTED_AT,
          LastModifiedTime: COLLECTED_AT,
        },
      ];
    }
    if (index % 5 === 0) {
      const alias = `${arn}:live`;
      data.aliases[arn] = [{ AliasArn: alias, Name: 'live', FunctionVersion: '3' }];
      data.urlConfigs[arn] = [...(data.urlConfigs[arn] ?? [])];
      data.urlConfigs[arn].push({
        FunctionArn: alias,
        FunctionUrl: `https://a${pad(index)}.lambda-url.${REGION}.on.aws/`,
        AuthType: 'NONE',
        CreationTime: COLLECTED_AT,
        LastModifiedTime: COLLECTED_AT,
        Cors: { AllowOrigins: ['*'] },
      });
      data.policies[alias] = JSON.stringify({
        Version: '2012-10-17',
        Id: 'default',
        Statement: [
          {
            Sid: 'FunctionURLAllowPublicAccess',
            Effect: 'Allow',
            Principal: '*',
            Action: 'lambda:InvokeFunctionUrl',
            Resource: alias,
            Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
          },
        ],
      });
    }
  }
  return data;
}

function apis(account: string, size: EstateSize): UnitFileOf<'apigatewayv2'>['data'] {
  const data: UnitFileOf<'apigatewayv2'>['data'] = {
    apis: [],
    routes: {},
    integrations: {},
    authorizers: {},
    stages: {},
    domainNames: [],
    apiMappings: {},
  };
  for (let index = 0; index < size.apis; index++) {
    const apiId = `api${pad(index)}`;
    data.apis.push({
      ApiId: apiId,
      Name: `http-api-${index}`,
      ProtocolType: 'HTTP',
      ApiEndpoint: `https://${apiId}.execute-api.${REGION}.amazonaws.com`,
      RouteSelectionExpression: '$request.method $request.path',
    });
    data.authorizers[apiId] = [
      {
        AuthorizerId: 'jwt',
        AuthorizerType: 'JWT',
        Name: 'jwt',
        JwtConfiguration: { Issuer: 'https://idp.example.com', Audience: ['app'] },
        IdentitySource: ['$request.header.Authorization'],
      },
    ];
    data.integrations[apiId] = [];
    data.routes[apiId] = [];
    for (let route = 0; route < 5; route++) {
      const fn = functionArn(account, (index * 5 + route) % Math.max(size.functions, 1));
      data.integrations[apiId].push({
        IntegrationId: `i${route}`,
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: fn,
        PayloadFormatVersion: '2.0',
      });
      data.routes[apiId].push({
        RouteId: `r${route}`,
        RouteKey: `GET /items/${route}`,
        AuthorizationType: route % 2 === 0 ? 'NONE' : 'JWT',
        AuthorizerId: route % 2 === 0 ? undefined : 'jwt',
        Target: `integrations/i${route}`,
      });
    }
    data.stages[apiId] = [{ StageName: '$default', AutoDeploy: true }];
  }
  return data;
}

const lbArn = (account: string, index: number) =>
  `arn:aws:elasticloadbalancing:${REGION}:${account}:loadbalancer/app/alb-${index}/${pad(index)}`;

function loadBalancers(account: string, size: EstateSize): UnitFileOf<'elbv2'>['data'] {
  const data: UnitFileOf<'elbv2'>['data'] = {
    loadBalancers: [],
    listeners: {},
    rules: {},
    targetGroups: [],
    targetHealth: {},
  };
  for (let index = 0; index < size.loadBalancers; index++) {
    const lb = lbArn(account, index);
    const listener = `${lb.replace(':loadbalancer/', ':listener/')}/443`;
    const group = `arn:aws:elasticloadbalancing:${REGION}:${account}:targetgroup/tg-${index}/${pad(index)}`;
    data.loadBalancers.push({
      LoadBalancerArn: lb,
      LoadBalancerName: `alb-${index}`,
      Scheme: index % 2 === 0 ? 'internet-facing' : 'internal',
      Type: 'application',
      DNSName: `alb-${index}.${REGION}.elb.amazonaws.com`,
      SecurityGroups: [`sg-${pad(index)}`],
    });
    data.listeners[lb] = [
      {
        ListenerArn: listener,
        LoadBalancerArn: lb,
        Port: 443,
        Protocol: 'HTTPS',
        DefaultActions: [{ Type: 'fixed-response', Order: 1, FixedResponseConfig: { StatusCode: '404' } }],
      },
    ];
    const forward = { Type: 'forward' as const, Order: 2, TargetGroupArn: group };
    data.rules[listener] = [
      {
        RuleArn: `${listener}/rule-1`,
        Priority: '1',
        IsDefault: false,
        Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }],
        Actions: [
          {
            Type: 'authenticate-oidc',
            Order: 1,
            AuthenticateOidcConfig: {
              Issuer: 'https://idp.example.com',
              AuthorizationEndpoint: 'https://idp.example.com/auth',
              TokenEndpoint: 'https://idp.example.com/token',
              UserInfoEndpoint: 'https://idp.example.com/userinfo',
              ClientId: 'alb',
              OnUnauthenticatedRequest: 'deny',
            },
          },
          forward,
        ],
      },
      {
        RuleArn: `${listener}/rule-2`,
        Priority: '2',
        IsDefault: false,
        Conditions: [{ Field: 'path-pattern', Values: ['/public/*'] }],
        Actions: [{ ...forward, Order: 1 }],
      },
      {
        RuleArn: `${listener}/default`,
        Priority: 'default',
        IsDefault: true,
        Conditions: [],
        Actions: [{ Type: 'fixed-response', Order: 1, FixedResponseConfig: { StatusCode: '404' } }],
      },
    ];
    data.targetGroups.push({ TargetGroupArn: group, TargetGroupName: `tg-${index}`, TargetType: 'lambda' });
    data.targetHealth[group] = [
      { Target: { Id: functionArn(account, index % Math.max(size.functions, 1)) } },
    ];
  }
  return data;
}

function securityGroups(_account: string, size: EstateSize): UnitFileOf<'ec2'>['data'] {
  return {
    securityGroups: Array.from({ length: size.loadBalancers }, (_, index) => ({
      GroupId: `sg-${pad(index)}`,
      GroupName: `alb-${index}`,
      VpcId: 'vpc-1',
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          IpRanges: [{ CidrIp: index % 2 === 0 ? '0.0.0.0/0' : '10.0.0.0/8' }],
          Ipv6Ranges: [],
        },
      ],
    })),
  };
}

/**
 * The data-stores unit: 40% buckets, 30% tables, 20% secrets, 10% parameters (half SecureString), the
 * buckets and tables named like those the managed policies grant (`bucket-N`, `table-N`), one bucket in ten
 * with a bucket policy (a Deny of one role, or public read), and ten KMS keys with the default key policy.
 */
function dataStores(account: string, size: EstateSize): UnitFileOf<'datastores'>['data'] {
  const count = (share: number) => Math.floor(size.dataStores * share);
  const policy = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
  const buckets = Array.from({ length: count(0.4) }, (_, index) => ({
    Name: `bucket-${index}`,
    BucketRegion: REGION,
  }));
  const tables = Array.from({ length: count(0.3) }, (_, index) => ({
    TableName: `table-${index}`,
    TableArn: `arn:aws:dynamodb:${REGION}:${account}:table/table-${index}`,
  }));
  const secrets = Array.from({ length: count(0.2) }, (_, index) => ({
    ARN: `arn:aws:secretsmanager:${REGION}:${account}:secret:app-${index}-AbCdEf`,
    Name: `app-${index}`,
  }));
  const keys = Array.from({ length: 10 }, (_, index) => ({
    KeyId: `key-${index}`,
    Arn: `arn:aws:kms:${REGION}:${account}:key/key-${index}`,
    KeyManager: 'CUSTOMER' as const,
  }));
  return {
    buckets,
    bucketPolicies: Object.fromEntries(
      buckets
        .filter((_, index) => index % 10 === 0)
        .map((bucket, index) => [
          bucket.Name,
          policy(
            index % 2 === 0
              ? {
                  Effect: 'Deny',
                  Principal: { AWS: roleArn(account, index) },
                  Action: 's3:*',
                  Resource: `arn:aws:s3:::${bucket.Name}/*`,
                }
              : {
                  Effect: 'Allow',
                  Principal: '*',
                  Action: 's3:GetObject',
                  Resource: `arn:aws:s3:::${bucket.Name}/*`,
                },
          ),
        ]),
    ),
    bucketPublicAccessBlocks: {},
    bucketAclGrants: {},
    bucketEncryption: {},
    bucketTags: {},
    tables,
    tablePolicies: {},
    tableTags: {},
    secrets,
    secretPolicies: {},
    parameters: Array.from({ length: count(0.1) }, (_, index) => ({
      Name: `/app/param-${index}`,
      Type: index % 2 === 0 ? 'SecureString' : 'String',
    })),
    keys,
    keyPolicies: Object.fromEntries(
      keys.map((key) => [
        key.Arn,
        policy({
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:root` },
          Action: 'kms:*',
          Resource: '*',
        }),
      ]),
    ),
    keyAliases: [],
    keyGrants: {},
  };
}

/** `--name value` flags into a size, defaults from GOAL_SIZE. */
export function parseSize(args: string[]): EstateSize {
  const size = { ...GOAL_SIZE };
  const flags: Record<string, keyof EstateSize> = {
    '--accounts': 'accounts',
    '--functions': 'functions',
    '--roles': 'roles',
    '--policies': 'policies',
    '--apis': 'apis',
    '--load-balancers': 'loadBalancers',
    '--data-stores': 'dataStores',
  };
  for (let index = 0; index < args.length; index++) {
    const key = flags[args[index]!];
    if (!key) continue;
    const value = Number(args[++index]);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${args[index - 1]} needs a whole number`);
    size[key] = value;
  }
  return size;
}

if (process.argv[1]?.endsWith('synthetic-estate.js')) {
  const [dir, ...rest] = process.argv.slice(2);
  if (!dir || dir.startsWith('--')) {
    process.stderr.write('usage: synthetic-estate.js DIR [--accounts N] [--functions N] ...\n');
    process.exit(2);
  }
  const size = parseSize(rest);
  await writeSyntheticEstate(dir, size);
  process.stdout.write(`wrote a synthetic estate to ${dir}: ${JSON.stringify(size)}\n`);
}
