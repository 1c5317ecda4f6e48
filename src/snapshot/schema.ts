/**
 * zod schemas of the snapshot files (docs/architecture.md §1). They check what the loader relies on: the
 * envelope, the containers (arrays, maps keyed by parent), the identifiers and the fields whose loss would
 * change an answer (authorization types, rule actions, policy documents). Every other member the SDK
 * returned is kept as it is (loose objects), so a new AWS field never rejects a file.
 */
import { z } from 'zod';
import { GLOBAL_REGION, GLOBAL_SERVICES, SERVICES, type ServiceName } from './format.js';

const text = z.string();
const optionalText = z.string().optional();
const byParent = <T extends z.ZodType>(item: T) => z.record(z.string(), z.array(item));
/**
 * Policy documents are strings and no more: one unparsable document must not reject the whole unit (every
 * other resource of it is still good). The loader keeps it as text and the analysis reports it as not
 * evaluated, the same way for IAM, Lambda, API Gateway and Organizations (docs/architecture.md §4).
 */
const policyText = z.string();

export const unitKeySchema = z.strictObject({
  accountId: z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id'),
  region: z.string().regex(/^(global|[a-z]{2}(-[a-z]+)+-\d+)$/, 'expected an AWS region or "global"'),
  service: z.enum(SERVICES),
});

// IAM: GetAccountAuthorizationDetails, every page merged. Documents stay URL-encoded as AWS sends them.
const inlinePolicy = z.looseObject({ PolicyName: text, PolicyDocument: text });
const attachedPolicy = z.looseObject({ PolicyName: optionalText, PolicyArn: text });
const isoDate = z.iso.datetime({ offset: true });
/** One role's Access Advisor report (`--usage`): AWS's job status or ours (TIMED_OUT, ERROR). */
const accessAdvisorEntry = z.looseObject({
  status: z.enum(['COMPLETED', 'FAILED', 'TIMED_OUT', 'ERROR']),
  jobCompletionDate: isoDate.optional(),
  error: optionalText,
  servicesLastAccessed: z
    .array(
      z.looseObject({
        ServiceNamespace: optionalText,
        LastAuthenticated: isoDate.optional(),
        TrackedActionsLastAccessed: z
          .array(z.looseObject({ ActionName: optionalText, LastAccessedTime: isoDate.optional() }))
          .optional(),
      }),
    )
    .optional(),
});

const iamData = z.looseObject({
  authorizationDetails: z.looseObject({
    UserDetailList: z.array(
      z.looseObject({
        UserName: text,
        Arn: text,
        UserPolicyList: z.array(inlinePolicy).optional(),
        AttachedManagedPolicies: z.array(attachedPolicy).optional(),
        GroupList: z.array(text).optional(),
      }),
    ),
    GroupDetailList: z.array(
      z.looseObject({
        GroupName: text,
        Arn: text,
        GroupPolicyList: z.array(inlinePolicy).optional(),
        AttachedManagedPolicies: z.array(attachedPolicy).optional(),
      }),
    ),
    RoleDetailList: z.array(
      z.looseObject({
        RoleName: text,
        Arn: text,
        AssumeRolePolicyDocument: optionalText,
        RolePolicyList: z.array(inlinePolicy).optional(),
        AttachedManagedPolicies: z.array(attachedPolicy).optional(),
      }),
    ),
    Policies: z.array(
      z.looseObject({
        PolicyName: text,
        Arn: text,
        DefaultVersionId: optionalText,
        PolicyVersionList: z
          .array(z.looseObject({ Document: optionalText, VersionId: text, IsDefaultVersion: z.boolean() }))
          .optional(),
      }),
    ),
  }),
  accessAdvisor: z.record(text, accessAdvisorEntry).optional(),
});

// Lambda. The environment is names only: a file that still carries Variables is rejected.
const lambdaFunction = z.looseObject({
  FunctionName: text,
  FunctionArn: text,
  Role: optionalText,
  Environment: z
    .strictObject({
      VariableNames: z.array(text),
      SecretLookingNames: z.array(text),
      CredentialLookingNames: z.array(text).optional(),
      Error: z.looseObject({}).optional(),
    })
    .optional(),
});
const lambdaData = z.looseObject({
  functions: z.array(lambdaFunction),
  versions: byParent(lambdaFunction).optional(),
  aliases: byParent(z.looseObject({ AliasArn: text, Name: text, FunctionVersion: text })),
  urlConfigs: byParent(
    z.looseObject({ FunctionArn: text, FunctionUrl: text, AuthType: z.enum(['NONE', 'AWS_IAM']) }),
  ),
  policies: z.record(z.string(), policyText),
  reservedConcurrency: z.record(z.string(), z.number().int().nonnegative()),
});

const apiGatewayV2Data = z.looseObject({
  apis: z.array(z.looseObject({ ApiId: text, Name: text, ProtocolType: z.enum(['HTTP', 'WEBSOCKET']) })),
  routes: byParent(
    z.looseObject({
      RouteId: text,
      RouteKey: text,
      AuthorizationType: z.enum(['NONE', 'AWS_IAM', 'CUSTOM', 'JWT']).optional(),
      AuthorizerId: optionalText,
      Target: optionalText,
    }),
  ),
  integrations: byParent(z.looseObject({ IntegrationId: text, IntegrationType: optionalText })),
  authorizers: byParent(
    z.looseObject({ AuthorizerId: text, Name: optionalText, AuthorizerType: optionalText }),
  ),
  stages: byParent(z.looseObject({ StageName: text })),
  domainNames: z.array(z.looseObject({ DomainName: text })),
  apiMappings: byParent(z.looseObject({ ApiMappingId: text, ApiId: text, Stage: text })),
});

const apiGatewayRestData = z.looseObject({
  restApis: z.array(z.looseObject({ id: text, name: optionalText, policy: optionalText })),
  resources: byParent(
    z.looseObject({
      id: text,
      path: text,
      resourceMethods: z
        .record(z.string(), z.looseObject({ httpMethod: optionalText, authorizationType: optionalText }))
        .optional(),
    }),
  ),
  authorizers: byParent(z.looseObject({ id: text, type: optionalText })),
  stages: byParent(z.looseObject({ stageName: text })),
});

const elbv2Action = z.looseObject({ Type: text, Order: z.number().optional() });
const elbv2Data = z.looseObject({
  loadBalancers: z.array(z.looseObject({ LoadBalancerArn: text, Scheme: optionalText, Type: optionalText })),
  listeners: byParent(
    z.looseObject({
      ListenerArn: text,
      LoadBalancerArn: text,
      DefaultActions: z.array(elbv2Action).optional(),
    }),
  ),
  rules: byParent(
    z.looseObject({
      RuleArn: text,
      Priority: text,
      IsDefault: z.boolean().optional(),
      Conditions: z.array(z.looseObject({})).optional(),
      Actions: z.array(elbv2Action),
    }),
  ),
  targetGroups: z.array(z.looseObject({ TargetGroupArn: text, TargetType: optionalText })),
  targetHealth: byParent(z.looseObject({ Target: z.looseObject({ Id: text }) })),
});

// Every field the EC2 transform and the network analysis read is typed, so a damaged file is rejected
// naming the field instead of crashing the load.
const ipPermission = z.looseObject({
  IpProtocol: optionalText,
  FromPort: z.number().optional(),
  ToPort: z.number().optional(),
  IpRanges: z.array(z.looseObject({ CidrIp: optionalText })).optional(),
  Ipv6Ranges: z.array(z.looseObject({ CidrIpv6: optionalText })).optional(),
  PrefixListIds: z.array(z.looseObject({ PrefixListId: optionalText })).optional(),
});

const ec2Data = z.looseObject({
  securityGroups: z.array(z.looseObject({ GroupId: text, IpPermissions: z.array(ipPermission).optional() })),
  prefixLists: z
    .array(z.looseObject({ PrefixListId: text, PrefixListName: optionalText, PrefixListArn: optionalText }))
    .optional(),
  prefixListEntries: byParent(z.looseObject({ Cidr: text })).optional(),
});

// CloudFront: every field the transform and the exposure analysis read is typed (a wrong shape is rejected
// naming the field instead of being read as "no authentication").
const itemsOf = <T extends z.ZodType>(item: T) =>
  z.looseObject({ Items: z.array(item).optional() }).optional();
const enabledItems = z.looseObject({ Enabled: z.boolean(), Items: z.array(text).optional() }).optional();
const cacheBehavior = z.looseObject({
  TargetOriginId: text,
  ViewerProtocolPolicy: optionalText,
  TrustedKeyGroups: enabledItems,
  TrustedSigners: enabledItems,
  FunctionAssociations: itemsOf(z.looseObject({ FunctionARN: text, EventType: text })),
  LambdaFunctionAssociations: itemsOf(z.looseObject({ LambdaFunctionARN: text, EventType: text })),
});
const webAcl = z.looseObject({
  ARN: optionalText,
  Name: optionalText,
  DefaultAction: z.looseObject({}).optional(),
  Rules: z.array(z.looseObject({ Name: text })),
});
const cloudFrontData = z.looseObject({
  distributions: z.array(
    z.looseObject({
      Id: text,
      ARN: text,
      DomainName: text,
      Enabled: z.boolean().optional(),
      WebACLId: optionalText,
      Aliases: itemsOf(text),
      Origins: itemsOf(z.looseObject({ Id: text, DomainName: text, OriginAccessControlId: optionalText })),
      OriginGroups: itemsOf(
        z.looseObject({
          Id: text,
          Members: z.looseObject({ Items: z.array(z.looseObject({ OriginId: text })) }),
        }),
      ),
      DefaultCacheBehavior: cacheBehavior,
      CacheBehaviors: itemsOf(cacheBehavior.extend({ PathPattern: text })),
    }),
  ),
  originAccessControls: z.array(
    z.looseObject({ Id: text, SigningBehavior: text, OriginAccessControlOriginType: text }),
  ),
  webAcls: z.record(z.string(), webAcl),
});

const wafV2Data = z.looseObject({
  webAcls: z.array(webAcl.extend({ ARN: text, LoadBalancerArns: z.array(text) })),
});

const organizationsData = z.looseObject({
  accounts: z.array(z.looseObject({ Id: text, Arn: optionalText, Name: optionalText })),
  roots: z.array(z.looseObject({ Id: text })),
  organizationalUnits: z.array(z.looseObject({ Id: text })),
  policies: z.array(
    z.looseObject({ PolicySummary: z.looseObject({ Id: text, Arn: optionalText }), Content: policyText }),
  ),
  policiesForTarget: byParent(z.looseObject({ Id: text })),
  parents: z.record(z.string(), text),
  managementAccountId: optionalText,
});

// Data stores (docs/data-stores.md): the identifiers, policies and the typed fields the analysis reads.
const tag = z.looseObject({ Key: text, Value: optionalText });
const publicAccessBlock = z.looseObject({
  BlockPublicAcls: z.boolean().optional(),
  IgnorePublicAcls: z.boolean().optional(),
  BlockPublicPolicy: z.boolean().optional(),
  RestrictPublicBuckets: z.boolean().optional(),
});
const datastoresData = z.looseObject({
  buckets: z.array(z.looseObject({ Name: text, BucketRegion: optionalText })),
  bucketPolicies: z.record(z.string(), policyText),
  bucketPublicAccessBlocks: z.record(z.string(), publicAccessBlock),
  accountPublicAccessBlock: publicAccessBlock.nullable().optional(),
  bucketAclGrants: byParent(
    z.looseObject({
      Grantee: z.looseObject({ Type: optionalText, URI: optionalText, ID: optionalText }).optional(),
      Permission: optionalText,
    }),
  ),
  bucketEncryption: byParent(z.looseObject({})),
  bucketTags: byParent(tag),
  bucketLambdaNotifications: byParent(
    z.looseObject({ LambdaFunctionArn: text, Events: z.array(text), Id: optionalText }),
  ).optional(),
  tables: z.array(z.looseObject({ TableName: text, TableArn: text })),
  tablePolicies: z.record(z.string(), policyText),
  tableTags: byParent(tag),
  secrets: z.array(z.looseObject({ ARN: text, Name: optionalText, KmsKeyId: optionalText })),
  secretPolicies: z.record(z.string(), policyText),
  parameters: z.array(z.looseObject({ Name: text, Type: optionalText, KeyId: optionalText })),
  keys: z.array(z.looseObject({ KeyId: text, Arn: text, KeyManager: optionalText })),
  keyPolicies: z.record(z.string(), policyText),
  keyAliases: z.array(z.looseObject({ AliasName: optionalText, TargetKeyId: optionalText })),
  keyGrants: byParent(
    z.looseObject({ GranteePrincipal: optionalText, Operations: z.array(text).optional() }),
  ),
});

export const serviceDataSchemas = {
  iam: iamData,
  organizations: organizationsData,
  lambda: lambdaData,
  apigatewayv2: apiGatewayV2Data,
  apigateway: apiGatewayRestData,
  elbv2: elbv2Data,
  ec2: ec2Data,
  cloudfront: cloudFrontData,
  datastores: datastoresData,
  wafv2: wafV2Data,
} satisfies Record<ServiceName, z.ZodType>;

/** The envelope of a unit file; `data` is checked against its service's schema afterwards. */
export const unitEnvelopeSchema = z
  .strictObject({
    unit: unitKeySchema,
    collectedAt: z.iso.datetime({ offset: true }),
    data: z.looseObject({}),
  })
  .refine((file) => GLOBAL_SERVICES.includes(file.unit.service) === (file.unit.region === GLOBAL_REGION), {
    message: `expected region "global" for ${GLOBAL_SERVICES.join(', ')}, and a real region for the others`,
    path: ['unit', 'region'],
  });

const gapSchema = z.strictObject({
  accountId: text,
  region: text,
  service: z.enum(SERVICES),
  api: text,
  error: text,
});

export const manifestSchema = z.strictObject({
  tool: z.literal('toxgraph'),
  version: text,
  createdAt: z.iso.datetime({ offset: true }),
  scanId: z.string().min(1),
  callerIdentity: z.looseObject({ Account: optionalText, Arn: optionalText, UserId: optionalText }),
  accounts: z.array(text),
  regions: z.array(text),
  units: z.array(
    z.strictObject({
      accountId: text,
      region: text,
      service: z.enum(SERVICES),
      file: optionalText,
      status: z.enum(['ok', 'failed']),
      counts: z.record(z.string(), z.number().int().nonnegative()).optional(),
    }),
  ),
  gaps: z.array(gapSchema),
  awsCalls: z.record(z.string(), z.number().int().nonnegative()).optional(),
});
