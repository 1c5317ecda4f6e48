/**
 * The graph model, declared once (docs/architecture.md §2). Everything else reads this declaration: the
 * constraints and indexes (constraints.ts), the loader's batched queries and the stale-data cleanup
 * (cypher.ts), the transforms' row types (rows.ts) and the generated reference docs/schema.md
 * (schema-doc.ts). Labels and relationship types in Cypher text only ever come from here, never from data.
 *
 * Ownership: each label is written by one snapshot service (its unit cleans it up); `service: null` labels
 * are shared (accounts, AWS-managed policies) or only ever created as stubs at the end of a relationship.
 * A relationship belongs to the unit of its source node.
 */
import type { ServiceName } from '../snapshot/format.js';

export type PropertyKind = 'string' | 'integer' | 'boolean' | 'string[]' | 'json' | 'datetime';

export interface PropertySpec {
  readonly kind: PropertyKind;
  readonly doc: string;
}

const property =
  <K extends PropertyKind>(kind: K) =>
  (doc: string) =>
    ({ kind, doc }) as const;
const text = property('string');
const integer = property('integer');
const flag = property('boolean');
const texts = property('string[]');
/** A structured AWS value kept as a JSON string, in AWS's order. Property names end in `Json`. */
const json = property('json');
/** An ISO-8601 timestamp string. */
const datetime = property('datetime');

export type Properties = Readonly<Record<string, PropertySpec>>;

export interface NodeSpec {
  readonly description: string;
  /** What `id` holds for this label. */
  readonly idDoc: string;
  /** The snapshot service whose unit writes (and cleans up) these nodes; null: shared or stub only. */
  readonly service: ServiceName | null;
  /** Labels every node of this label also carries (set by the loader, including on stubs). */
  readonly extraLabels: readonly string[];
  readonly properties: Properties;
  /** A Cypher query a reader can paste into Neo4j Browser. */
  readonly example: string;
  /** Who writes it when not the loader (the docs say so; the loader never writes these). */
  readonly writtenBy?: 'analysis' | 'load' | 'remediate';
}

export interface RelationshipSpec {
  readonly from: NodeLabel;
  readonly type: string;
  readonly to: NodeLabel;
  readonly description: string;
  readonly properties: Properties;
  /**
   * Properties that, with the two ends, identify one relationship (default: the ends alone). Needed when
   * two nodes can be linked more than once, e.g. one trust statement per edge.
   */
  readonly keys?: readonly string[];
}

/** Properties the loader writes on every node of a unit; declared here once and documented once. */
export const COMMON_NODE_PROPERTIES = {
  id: text('unique key: the ARN where AWS has one, otherwise a stable id built from ARNs'),
  accountId: text('the AWS account the node belongs to (absent on shared and stub nodes)'),
  region: text('the AWS region (absent for global services: IAM, Organizations)'),
  lastScanId: text('id of the last scan whose snapshot contained the node (absent on stub nodes)'),
  loadToken: text(
    'digest of (scan id, unit file content) of the last load that wrote the node: what cleanup compares, so that a scan id re-used with other content still cleans up',
  ),
  firstSeen: datetime('collection time of the first snapshot that contained the node'),
  lastSeen: datetime('collection time of the last snapshot that contained the node'),
} as const satisfies Properties;

export const COMMON_RELATIONSHIP_PROPERTIES = {
  lastScanId: text('id of the last scan whose snapshot contained the relationship'),
  loadToken: text('digest of (scan id, unit file content) of the last load that wrote the relationship'),
} as const satisfies Properties;

const node = <const S extends NodeSpec>(spec: S) => spec;

const policyDocument = json('the policy document, URL-decoded; the text exactly as AWS stores it');

export const NODES = {
  AWSAccount: node({
    description:
      'An AWS account: every scanned one, and every one a trust policy names. Names come from Organizations.',
    idDoc: 'the 12-digit account id',
    service: null,
    extraLabels: [],
    properties: {
      name: text('account name (Organizations)'),
      email: text('root e-mail address (Organizations)'),
      status: text('ACTIVE, SUSPENDED, ... (Organizations)'),
      isManagementAccount: flag(
        'the management account of its organization: SCPs do not restrict it (Organizations; null: unknown)',
      ),
    },
    example:
      'MATCH (a:AWSAccount), (f:LambdaFunction {accountId: a.id}) RETURN a.id, a.name, count(f) AS functions',
  }),
  AWSPrincipal: node({
    description:
      'Any identity a policy can name. Roles and users carry this label too; alone, it is a principal outside ' +
      'the scan (a stub), or `*` (anyone).',
    idDoc: 'the principal as written in the policy (ARN, unique id, `*`)',
    service: null,
    extraLabels: [],
    properties: {},
    example: "MATCH (r:AWSRole)-[t:TRUSTS]->(p:AWSPrincipal {id: '*'}) RETURN r.id, t.conditionsJson",
  }),
  AWSServicePrincipal: node({
    description: 'An AWS service named as a principal in a trust policy. Stub nodes: only `id`.',
    idDoc: 'the service principal, e.g. `lambda.amazonaws.com`',
    service: null,
    extraLabels: [],
    properties: {},
    example: "MATCH (r:AWSRole)-[:TRUSTS]->(:AWSServicePrincipal {id: 'lambda.amazonaws.com'}) RETURN r.name",
  }),
  AWSFederatedPrincipal: node({
    description:
      'An identity provider named as `Federated` principal in a trust policy. Stub nodes: only `id`.',
    idDoc: 'the provider: `cognito-identity.amazonaws.com`, a SAML or OIDC provider ARN',
    service: null,
    extraLabels: [],
    properties: {},
    example: 'MATCH (r:AWSRole)-[t:TRUSTS]->(p:AWSFederatedPrincipal) RETURN r.name, p.id, t.conditionsJson',
  }),
  AWSRole: node({
    description: 'An IAM role (GetAccountAuthorizationDetails `RoleDetailList`).',
    idDoc: 'role ARN',
    service: 'iam',
    extraLabels: ['AWSPrincipal'],
    properties: {
      name: text('RoleName'),
      path: text('Path'),
      roleId: text('RoleId'),
      createDate: datetime('CreateDate'),
      trustPolicyJson: json('AssumeRolePolicyDocument, URL-decoded; the text exactly as AWS stores it'),
      roleLastUsed: datetime('RoleLastUsed.LastUsedDate (null: not used in the tracking period)'),
      roleLastUsedRegion: text('RoleLastUsed.Region'),
      isServiceLinked: flag('Path starts with /aws-service-role/'),
      permissionsBoundaryArn: text('PermissionsBoundary.PermissionsBoundaryArn'),
      instanceProfileArns: texts('InstanceProfileList[].Arn'),
      tagsJson: json('Tags'),
      accessAdvisorJson: json(
        '`--usage` only: the IAM Access Advisor report (`status`, `jobCompletionDate`, `servicesLastAccessed`) or why there is none (docs/usage.md)',
      ),
    },
    example:
      'MATCH (f:LambdaFunction)-[:EXECUTION_ROLE]->(r:AWSRole)-[:POLICY]->(p:AWSPolicy) RETURN f.name, r.name, collect(p.name)',
  }),
  AWSUser: node({
    description: 'An IAM user (`UserDetailList`).',
    idDoc: 'user ARN',
    service: 'iam',
    extraLabels: ['AWSPrincipal'],
    properties: {
      name: text('UserName'),
      path: text('Path'),
      userId: text('UserId'),
      createDate: datetime('CreateDate'),
      permissionsBoundaryArn: text('PermissionsBoundary.PermissionsBoundaryArn'),
      tagsJson: json('Tags'),
    },
    example: 'MATCH (u:AWSUser)-[:MEMBER_OF]->(g:AWSGroup) RETURN u.name, collect(g.name)',
  }),
  AWSGroup: node({
    description: 'An IAM group (`GroupDetailList`).',
    idDoc: 'group ARN',
    service: 'iam',
    extraLabels: [],
    properties: {
      name: text('GroupName'),
      path: text('Path'),
      groupId: text('GroupId'),
      createDate: datetime('CreateDate'),
    },
    example: 'MATCH (g:AWSGroup)-[:POLICY]->(p:AWSPolicy) RETURN g.name, collect(p.name)',
  }),
  AWSPolicy: node({
    description:
      'An IAM policy: customer-managed, AWS-managed (shared by every account: no `accountId`) or inline.',
    idDoc: 'managed: the policy ARN; inline: `<principal ARN>/inline/<PolicyName>`',
    service: 'iam',
    extraLabels: [],
    properties: {
      name: text('PolicyName'),
      kind: text('aws_managed, customer_managed or inline'),
      path: text('Path (managed policies)'),
      documentJson: policyDocument,
      defaultVersionId: text('DefaultVersionId (managed policies)'),
      versionsJson: json(
        'every PolicyVersionList entry: [{versionId, isDefaultVersion, createDate, document}], documents decoded',
      ),
      attachmentCount: integer('AttachmentCount (managed policies)'),
    },
    example:
      'MATCH (p:AWSPolicy) WHERE p.documentJson CONTAINS \'"*"\' RETURN p.id, p.kind ORDER BY p.id LIMIT 25',
  }),
  AWSOrganizationRoot: node({
    description:
      'The root of an organization (ListRoots): the top of the OU tree, the first level of SCPs every account inherits.',
    idDoc: 'root ARN',
    service: 'organizations',
    extraLabels: [],
    properties: {
      rootId: text('Id (`r-...`)'),
      name: text('Name'),
    },
    example:
      'MATCH (:AWSOrganizationRoot)-[:CONTAINS*]->(a:AWSAccount) RETURN a.id, a.name, a.isManagementAccount',
  }),
  AWSOrganizationalUnit: node({
    description: 'An organizational unit (ListOrganizationalUnitsForParent, from the roots down).',
    idDoc: 'OU ARN',
    service: 'organizations',
    extraLabels: [],
    properties: {
      ouId: text('Id (`ou-...`)'),
      name: text('Name'),
    },
    example:
      'MATCH (ou:AWSOrganizationalUnit)-[:CONTAINS]->(a:AWSAccount) RETURN ou.name, collect(a.name) AS accounts',
  }),
  AWSOrganizationPolicy: node({
    description:
      'A service control policy (ListPolicies with SERVICE_CONTROL_POLICY, DescribePolicy for the content).',
    idDoc: 'policy ARN',
    service: 'organizations',
    extraLabels: [],
    properties: {
      policyId: text('PolicySummary.Id (`p-...`)'),
      name: text('PolicySummary.Name'),
      description: text('PolicySummary.Description'),
      awsManaged: flag('PolicySummary.AwsManaged (FullAWSAccess)'),
      documentJson: json('Content: the policy document as Organizations stores it (null: not readable)'),
    },
    example:
      'MATCH (s:AWSOrganizationPolicy)-[:APPLIES_TO]->(t) RETURN s.name, labels(t)[0] AS level, t.id ORDER BY s.name',
  }),
  LambdaFunction: node({
    description:
      'A Lambda function ($LATEST configuration from ListFunctions). Environment variable values are never stored.',
    idDoc: 'unqualified function ARN',
    service: 'lambda',
    extraLabels: [],
    properties: {
      name: text('FunctionName'),
      runtime: text('Runtime'),
      handler: text('Handler'),
      packageType: text('PackageType (Zip or Image)'),
      roleArn: text('Role: the execution role ARN'),
      version: text('Version'),
      state: text('State'),
      lastModified: text('LastModified'),
      timeout: integer('Timeout in seconds'),
      memorySize: integer('MemorySize in MB'),
      architectures: texts('Architectures'),
      reservedConcurrency: integer(
        'ReservedConcurrentExecutions; null when unreserved, 0 disables every invoke',
      ),
      resourcePolicyJson: json('GetPolicy on the unqualified function (null: no resource policy)'),
      envVarNames: texts('names of the environment variables (values are never collected)'),
      secretLookingEnvVars: texts('names whose name or value looked like a secret at collection'),
      credentialEnvVars: texts(
        'names whose value was an AWS access key id or a private key at collection (a second credential set)',
      ),
      vpcId: text('VpcConfig.VpcId (null: not in a VPC)'),
      subnetIds: texts('VpcConfig.SubnetIds'),
      securityGroupIds: texts('VpcConfig.SecurityGroupIds'),
      layers: texts('Layers[].Arn'),
      kmsKeyArn: text('KMSKeyArn'),
      masterArn: text('MasterArn (Lambda@Edge replicas)'),
    },
    example:
      'MATCH (f:LambdaFunction) WHERE f.reservedConcurrency IS NULL AND size(f.secretLookingEnvVars) > 0 RETURN f.name, f.secretLookingEnvVars',
  }),
  LambdaAlias: node({
    description: 'An alias of a function (ListAliases).',
    idDoc: 'alias ARN (`<function ARN>:<alias>`)',
    service: 'lambda',
    extraLabels: [],
    properties: {
      name: text('Name'),
      functionArn: text('the unqualified function ARN'),
      functionVersion: text('FunctionVersion'),
      routingConfigJson: json('RoutingConfig (AdditionalVersionWeights)'),
      resourcePolicyJson: json('GetPolicy with Qualifier = the alias (null: none)'),
      description: text('Description'),
    },
    example:
      'MATCH (f:LambdaFunction)-[:HAS_ALIAS]->(a:LambdaAlias)-[:HAS_URL]->(u:LambdaFunctionUrl) RETURN f.name, a.name, u.url, u.authType',
  }),
  LambdaFunctionUrl: node({
    description: 'A function URL, on the function itself or on an alias (ListFunctionUrlConfigs).',
    idDoc: "the URL config's `FunctionArn` (alias-qualified for alias URLs)",
    service: 'lambda',
    extraLabels: [],
    properties: {
      url: text('FunctionUrl'),
      authType: text('AuthType: NONE or AWS_IAM'),
      qualifier: text('the alias the URL is on (null: the unqualified function)'),
      functionArn: text('the unqualified function ARN'),
      corsJson: json('Cors'),
      corsAllowOrigins: texts('Cors.AllowOrigins (empty: no CORS); detections match it, not corsJson'),
      corsAllowCredentials: flag('Cors.AllowCredentials (null: not set)'),
      invokeMode: text('InvokeMode: BUFFERED or RESPONSE_STREAM'),
      creationTime: datetime('CreationTime'),
    },
    example: "MATCH (u:LambdaFunctionUrl {authType: 'NONE'}) RETURN u.url, u.qualifier, u.corsJson",
  }),
  APIGatewayV2Api: node({
    description: 'An API Gateway v2 API: HTTP or WebSocket (GetApis).',
    idDoc: '`arn:<partition>:apigateway:<region>::/apis/<ApiId>`',
    service: 'apigatewayv2',
    extraLabels: [],
    properties: {
      apiId: text('ApiId'),
      name: text('Name'),
      protocolType: text('ProtocolType: HTTP or WEBSOCKET'),
      apiEndpoint: text('ApiEndpoint'),
      disableExecuteApiEndpoint: flag('DisableExecuteApiEndpoint'),
      corsJson: json('CorsConfiguration'),
      routeSelectionExpression: text('RouteSelectionExpression'),
      apiKeySelectionExpression: text('ApiKeySelectionExpression'),
      ipAddressType: text('IpAddressType'),
      tagsJson: json('Tags'),
    },
    example:
      'MATCH (a:APIGatewayV2Api)-[:HAS_ROUTE]->(r:APIGatewayV2Route) RETURN a.name, a.protocolType, r.routeKey, r.authorizationType',
  }),
  APIGatewayV2Route: node({
    description: 'A route of an HTTP or WebSocket API (GetRoutes).',
    idDoc: '`<api node id>/routes/<RouteId>`',
    service: 'apigatewayv2',
    extraLabels: [],
    properties: {
      routeId: text('RouteId'),
      apiId: text('ApiId of the parent API'),
      routeKey: text('RouteKey: `<METHOD> <path>`, `$default`, `$connect`, ...'),
      authorizationType: text(
        'AuthorizationType: NONE, AWS_IAM, CUSTOM or JWT (AWS default NONE when absent)',
      ),
      authorizerId: text('AuthorizerId'),
      authorizationScopes: texts('AuthorizationScopes'),
      apiKeyRequired: flag('ApiKeyRequired'),
      target: text('Target, e.g. `integrations/<IntegrationId>`'),
    },
    example:
      "MATCH (r:APIGatewayV2Route {authorizationType: 'NONE'})-[:TARGETS]->(:APIGatewayV2Integration)-[:INVOKES]->(f) RETURN r.routeKey, f.id",
  }),
  APIGatewayV2Integration: node({
    description: 'An integration of an HTTP or WebSocket API (GetIntegrations).',
    idDoc: '`<api node id>/integrations/<IntegrationId>`',
    service: 'apigatewayv2',
    extraLabels: [],
    properties: {
      integrationId: text('IntegrationId'),
      integrationType: text('IntegrationType: AWS_PROXY, AWS, HTTP_PROXY, HTTP, MOCK'),
      integrationUri: text(
        'IntegrationUri: a Lambda ARN, a listener ARN or a URL, maybe with stage variables',
      ),
      integrationSubtype: text('IntegrationSubtype'),
      connectionType: text('ConnectionType: INTERNET or VPC_LINK'),
      credentialsArn: text('CredentialsArn: the role API Gateway assumes to invoke'),
      payloadFormatVersion: text('PayloadFormatVersion'),
    },
    example:
      'MATCH (i:APIGatewayV2Integration)-[:INVOKES]->(f:LambdaFunction) RETURN i.integrationType, i.integrationUri, f.name',
  }),
  APIGatewayV2Authorizer: node({
    description: 'An authorizer of an HTTP or WebSocket API: JWT or Lambda REQUEST (GetAuthorizers).',
    idDoc: '`<api node id>/authorizers/<AuthorizerId>`',
    service: 'apigatewayv2',
    extraLabels: [],
    properties: {
      authorizerId: text('AuthorizerId'),
      name: text('Name'),
      authorizerType: text('AuthorizerType: JWT or REQUEST'),
      authorizerUri: text('AuthorizerUri (Lambda authorizers)'),
      jwtIssuer: text('JwtConfiguration.Issuer'),
      jwtAudience: texts('JwtConfiguration.Audience'),
      identitySource: texts('IdentitySource'),
      authorizerPayloadFormatVersion: text('AuthorizerPayloadFormatVersion'),
      enableSimpleResponses: flag('EnableSimpleResponses'),
      authorizerCredentialsArn: text('AuthorizerCredentialsArn'),
    },
    example:
      'MATCH (r:APIGatewayV2Route)-[:AUTHORIZED_BY]->(a:APIGatewayV2Authorizer) RETURN r.routeKey, a.authorizerType, a.jwtIssuer, a.jwtAudience',
  }),
  APIGatewayV2Stage: node({
    description: 'A stage of an HTTP or WebSocket API (GetStages).',
    idDoc: '`<api node id>/stages/<StageName>`',
    service: 'apigatewayv2',
    extraLabels: [],
    properties: {
      stageName: text('StageName (`$default` allowed)'),
      autoDeploy: flag('AutoDeploy'),
      deploymentId: text('DeploymentId'),
      stageVariablesJson: json('StageVariables'),
    },
    example:
      'MATCH (a:APIGatewayV2Api)-[:HAS_STAGE]->(s:APIGatewayV2Stage) RETURN a.name, s.stageName, s.autoDeploy',
  }),
  APIGatewayDomainName: node({
    description: 'A custom domain name (API Gateway v2 GetDomainNames) and its API mappings.',
    idDoc: '`arn:<partition>:apigateway:<region>::/domainnames/<DomainName>`',
    service: 'apigatewayv2',
    extraLabels: [],
    properties: {
      domainName: text('DomainName'),
      mutualTlsJson: json('MutualTlsAuthentication'),
      configurationsJson: json('DomainNameConfigurations'),
    },
    example:
      'MATCH (d:APIGatewayDomainName)-[m:MAPS_TO]->(api) RETURN d.domainName, m.apiMappingKey, m.stage, api.id',
  }),
  APIGatewayRestApi: node({
    description: 'An API Gateway REST API (v1, GetRestApis).',
    idDoc: '`arn:<partition>:apigateway:<region>::/restapis/<id>`',
    service: 'apigateway',
    extraLabels: [],
    properties: {
      restApiId: text('id'),
      name: text('name'),
      endpointTypes: texts('endpointConfiguration.types: EDGE, REGIONAL, PRIVATE'),
      vpcEndpointIds: texts('endpointConfiguration.vpcEndpointIds'),
      policyJson: json('policy (the resource policy), unescaped; null when none'),
      disableExecuteApiEndpoint: flag('disableExecuteApiEndpoint'),
      apiKeySource: text('apiKeySource: HEADER or AUTHORIZER'),
    },
    example:
      'MATCH (a:APIGatewayRestApi)-[:HAS_RESOURCE]->(r)-[:HAS_METHOD]->(m) RETURN a.name, r.path, m.httpMethod, m.authorizationType',
  }),
  APIGatewayResource: node({
    description: 'A resource (path) of a REST API (GetResources).',
    idDoc: '`<rest api node id>/resources/<id>`',
    service: 'apigateway',
    extraLabels: [],
    properties: {
      resourceId: text('id'),
      path: text('path'),
      parentId: text('parentId'),
    },
    example: 'MATCH (r:APIGatewayResource) WHERE r.path ENDS WITH "{proxy+}" RETURN r.id, r.path',
  }),
  APIGatewayMethod: node({
    description: 'A method of a REST API resource with its integration (GetResources embed=methods).',
    idDoc: '`<resource node id>/methods/<httpMethod>`',
    service: 'apigateway',
    extraLabels: [],
    properties: {
      httpMethod: text('httpMethod (`ANY` allowed)'),
      authorizationType: text('authorizationType: NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS'),
      authorizerId: text('authorizerId'),
      apiKeyRequired: flag('apiKeyRequired'),
      authorizationScopes: texts('authorizationScopes'),
      integrationType: text('methodIntegration.type: AWS_PROXY, AWS, HTTP, HTTP_PROXY, MOCK'),
      integrationUri: text('methodIntegration.uri'),
      integrationCredentials: text('methodIntegration.credentials: the role API Gateway assumes'),
    },
    example:
      "MATCH (m:APIGatewayMethod {authorizationType: 'NONE'})-[:INVOKES]->(f:LambdaFunction) RETURN m.id, m.apiKeyRequired, f.name",
  }),
  APIGatewayRestAuthorizer: node({
    description: 'An authorizer of a REST API: TOKEN, REQUEST or COGNITO_USER_POOLS (GetAuthorizers).',
    idDoc: '`<rest api node id>/authorizers/<id>`',
    service: 'apigateway',
    extraLabels: [],
    properties: {
      authorizerId: text('id'),
      name: text('name'),
      type: text('type: TOKEN, REQUEST, COGNITO_USER_POOLS'),
      authorizerUri: text('authorizerUri'),
      providerARNs: texts('providerARNs (Cognito user pools)'),
      identitySource: text('identitySource'),
      authorizerCredentials: text('authorizerCredentials'),
    },
    example:
      'MATCH (m:APIGatewayMethod)-[:AUTHORIZED_BY]->(a:APIGatewayRestAuthorizer) RETURN m.id, a.type, a.providerARNs',
  }),
  APIGatewayRestStage: node({
    description: 'A stage of a REST API (GetStages).',
    idDoc: '`<rest api node id>/stages/<stageName>`',
    service: 'apigateway',
    extraLabels: [],
    properties: {
      stageName: text('stageName'),
      deploymentId: text('deploymentId'),
      variablesJson: json('variables (stage variables)'),
      webAclArn: text('webAclArn'),
    },
    example:
      'MATCH (a:APIGatewayRestApi)-[:HAS_STAGE]->(s:APIGatewayRestStage) RETURN a.name, s.stageName, s.webAclArn',
  }),
  LoadBalancerV2: node({
    description: 'An Elastic Load Balancing v2 load balancer: application, network or gateway.',
    idDoc: 'load balancer ARN',
    service: 'elbv2',
    extraLabels: [],
    properties: {
      name: text('LoadBalancerName'),
      scheme: text('Scheme: internet-facing or internal'),
      type: text('Type: application, network, gateway'),
      dnsName: text('DNSName'),
      vpcId: text('VpcId'),
      ipAddressType: text('IpAddressType'),
      securityGroupIds: texts('SecurityGroups'),
      state: text('State.Code'),
    },
    example:
      "MATCH (lb:LoadBalancerV2 {scheme: 'internet-facing'})-[:HAS_LISTENER]->(l)-[:HAS_RULE]->(r) RETURN lb.name, l.port, r.priority, r.actionsJson ORDER BY lb.name, l.port, r.priority",
  }),
  ELBV2Listener: node({
    description: 'A listener of a load balancer (DescribeListeners).',
    idDoc: 'listener ARN',
    service: 'elbv2',
    extraLabels: [],
    properties: {
      port: integer('Port'),
      protocol: text('Protocol'),
      sslPolicy: text('SslPolicy'),
      defaultActionsJson: json('DefaultActions, in AWS order'),
      mutualAuthenticationJson: json('MutualAuthentication'),
    },
    example:
      'MATCH (lb:LoadBalancerV2)-[:HAS_LISTENER]->(l:ELBV2Listener) RETURN lb.name, l.port, l.protocol',
  }),
  ELBV2Rule: node({
    description:
      'A listener rule (DescribeRules), the default rule included. Actions keep AWS order (their `Order`).',
    idDoc: 'rule ARN',
    service: 'elbv2',
    extraLabels: [],
    properties: {
      priority: integer('Priority as a number; null for the default rule, so ascending order puts it last'),
      isDefault: flag('IsDefault'),
      conditionsJson: json('Conditions'),
      actionsJson: json(
        'Actions, in AWS order: authenticate-*, jwt-validation, then forward/redirect/fixed-response',
      ),
    },
    example:
      'MATCH (l:ELBV2Listener)-[:HAS_RULE]->(r:ELBV2Rule) RETURN l.id, r.priority, r.isDefault, r.actionsJson ORDER BY l.id, r.priority',
  }),
  ELBV2TargetGroup: node({
    description: 'A target group (DescribeTargetGroups) and, for Lambda targets, the functions registered.',
    idDoc: 'target group ARN',
    service: 'elbv2',
    extraLabels: [],
    properties: {
      name: text('TargetGroupName'),
      targetType: text('TargetType: instance, ip, lambda, alb'),
      protocol: text('Protocol'),
      port: integer('Port'),
      loadBalancerArns: texts('LoadBalancerArns'),
      healthCheckEnabled: flag('HealthCheckEnabled'),
    },
    example:
      "MATCH (r:ELBV2Rule)-[w:FORWARDS_TO]->(tg:ELBV2TargetGroup {targetType: 'lambda'})-[:HAS_TARGET]->(f) RETURN r.id, w.weight, f.id",
  }),
  EC2SecurityGroup: node({
    description: 'A security group of a load balancer, with its ingress rules (DescribeSecurityGroups).',
    idDoc: '`arn:<partition>:ec2:<region>:<account>:security-group/<GroupId>`',
    service: 'ec2',
    extraLabels: [],
    properties: {
      groupId: text('GroupId'),
      name: text('GroupName'),
      vpcId: text('VpcId'),
      ingressJson: json('IpPermissions: IPv4 and IPv6 ranges, prefix lists, group pairs'),
    },
    example:
      "MATCH (lb:LoadBalancerV2)-[:MEMBER_OF_SECURITY_GROUP]->(sg:EC2SecurityGroup) WHERE sg.ingressJson CONTAINS '0.0.0.0/0' RETURN lb.name, sg.groupId",
  }),
  EC2PrefixList: node({
    description:
      'A managed prefix list a security group rule names, with its entries (DescribeManagedPrefixLists, GetManagedPrefixListEntries).',
    idDoc: 'PrefixListArn',
    service: 'ec2',
    extraLabels: [],
    properties: {
      prefixListId: text('PrefixListId'),
      name: text('PrefixListName, e.g. com.amazonaws.global.cloudfront.origin-facing'),
      ownerId: text('OwnerId: the account, or AWS for AWS-managed lists'),
      addressFamily: text('AddressFamily: IPv4 or IPv6'),
      cidrs: texts('Entries[].Cidr'),
      entriesCollected: flag('whether GetManagedPrefixListEntries answered (false: the entries are unknown)'),
    },
    example:
      'MATCH (sg:EC2SecurityGroup)-[:ADMITS_PREFIX_LIST]->(pl:EC2PrefixList) RETURN sg.groupId, pl.name, pl.cidrs',
  }),
  CloudFrontDistribution: node({
    description:
      'A CloudFront distribution (ListDistributions): an internet entry point of its own. Global: no region.',
    idDoc: 'distribution ARN',
    service: 'cloudfront',
    extraLabels: [],
    properties: {
      distributionId: text('Id'),
      name: text('DomainName (`<id>.cloudfront.net`), the name findings show'),
      aliases: texts('Aliases.Items (alternate domain names)'),
      enabled: flag('Enabled'),
      status: text('Status'),
      webAclId: text('WebACLId: a WAFv2 web ACL ARN, or a WAF Classic id'),
    },
    example:
      'MATCH (d:CloudFrontDistribution)-[:HAS_BEHAVIOR]->(b)-[:USES_ORIGIN]->(o) RETURN d.name, b.pathPattern, o.domainName',
  }),
  CloudFrontCacheBehavior: node({
    description:
      'A cache behaviour of a distribution: the default one, or one per path pattern, in precedence order.',
    idDoc:
      '`<distribution ARN>/behaviors/<PathPattern>`, `<distribution ARN>/behaviors/default` for the default',
    service: 'cloudfront',
    extraLabels: [],
    properties: {
      name: text('`<distribution domain> <path pattern>`, the name findings show'),
      pathPattern: text('PathPattern; `*` for the default behaviour'),
      isDefault: flag('the DefaultCacheBehavior'),
      precedence: integer('position in CacheBehaviors (0 first); null for the default, which matches last'),
      targetOriginId: text('TargetOriginId'),
      originIds: texts(
        'the origins it sends requests to: TargetOriginId, or every member of the origin group it names',
      ),
      viewerProtocolPolicy: text('ViewerProtocolPolicy: allow-all, https-only, redirect-to-https'),
      trustedKeyGroups: texts('TrustedKeyGroups.Items when Enabled (signed URLs or cookies required)'),
      trustedSigners: texts('TrustedSigners.Items when Enabled (legacy signers: accounts)'),
      functionAssociationsJson: json('FunctionAssociations.Items: CloudFront Functions with their EventType'),
      lambdaAssociationsJson: json(
        'LambdaFunctionAssociations.Items: Lambda@Edge versions with their EventType',
      ),
    },
    example:
      'MATCH (b:CloudFrontCacheBehavior) WHERE size(b.trustedKeyGroups) = 0 RETURN b.name, b.viewerProtocolPolicy',
  }),
  CloudFrontOrigin: node({
    description: 'An origin of a distribution: where its behaviours send requests.',
    idDoc: '`<distribution ARN>/origins/<Id>`',
    service: 'cloudfront',
    extraLabels: [],
    properties: {
      originId: text('Id'),
      domainName: text('DomainName: a function URL, API Gateway, load balancer, bucket or any host'),
      originPath: text('OriginPath'),
      originAccessControlId: text('OriginAccessControlId (empty: CloudFront does not sign)'),
      originProtocolPolicy: text('CustomOriginConfig.OriginProtocolPolicy'),
    },
    example: 'MATCH (o:CloudFrontOrigin)-[:SIGNED_BY]->(oac) RETURN o.domainName, oac.signingBehavior',
  }),
  CloudFrontOriginAccessControl: node({
    description:
      'An origin access control (ListOriginAccessControls): CloudFront signs origin requests with it.',
    idDoc: '`arn:<partition>:cloudfront::<account>:origin-access-control/<Id>`',
    service: 'cloudfront',
    extraLabels: [],
    properties: {
      originAccessControlId: text('Id'),
      name: text('Name'),
      signingProtocol: text('SigningProtocol (sigv4)'),
      signingBehavior: text('SigningBehavior: always, never, no-override'),
      originType: text('OriginAccessControlOriginType: lambda, s3, mediastore, mediapackagev2'),
    },
    example:
      "MATCH (oac:CloudFrontOriginAccessControl {originType: 'lambda'}) RETURN oac.name, oac.signingBehavior",
  }),
  WAFv2WebACL: node({
    description:
      'A WAFv2 web ACL (scope CLOUDFRONT) a distribution names: rule names and default action only.',
    idDoc: 'web ACL ARN',
    service: 'cloudfront',
    extraLabels: [],
    properties: {
      name: text('Name'),
      defaultAction: text('DefaultAction: Allow or Block'),
      ruleNames: texts('Rules[].Name, by priority'),
    },
    example:
      'MATCH (d:CloudFrontDistribution)-[:PROTECTED_BY]->(w:WAFv2WebACL) RETURN d.name, w.defaultAction, w.ruleNames',
  }),
  // Data stores (docs/data-stores.md): metadata and policies only, never values.
  DataStore: node({
    description:
      'Any data store the analysis judges access to: buckets, tables, secrets, parameters and keys carry this ' +
      'label too. The analysis writes `sensitive` (boolean) and `sensitivity` (why: the classification rule ' +
      'that matched, docs/data-stores.md) on each.',
    idDoc: 'the ARN of the data store',
    service: null,
    extraLabels: [],
    properties: {},
    example:
      'MATCH (r:AWSRole)-[e:CAN_READ|CAN_WRITE|CAN_DECRYPT]->(d:DataStore {sensitive: true}) RETURN r.name, type(e), d.id',
  }),
  S3Bucket: node({
    description:
      'An S3 bucket of the region (ListBuckets with BucketRegion), with its policy, bucket-level and account-level public access block, public ACL grants, default encryption and tags.',
    idDoc: '`arn:<partition>:s3:::<bucket name>`',
    service: 'datastores',
    extraLabels: ['DataStore'],
    properties: {
      name: text('Name'),
      policyJson: json('GetBucketPolicy: the bucket policy, URL-decoded (null: the bucket has none)'),
      blockPublicAcls: flag('bucket-level PublicAccessBlock BlockPublicAcls (null: no bucket-level block)'),
      ignorePublicAcls: flag('bucket-level IgnorePublicAcls (null: no bucket-level block)'),
      blockPublicPolicy: flag('bucket-level BlockPublicPolicy (null: no bucket-level block)'),
      restrictPublicBuckets: flag('bucket-level RestrictPublicBuckets (null: no bucket-level block)'),
      accountIgnorePublicAcls: flag(
        "account-level IgnorePublicAcls (S3 Control GetPublicAccessBlock; false: the account's block does not set it; null: not collected)",
      ),
      accountRestrictPublicBuckets: flag(
        "account-level RestrictPublicBuckets (false: the account's block does not set it; null: not collected)",
      ),
      aclAllUsers: texts('GetBucketAcl: permissions granted to the AllUsers group (anyone)'),
      aclAuthenticatedUsers: texts(
        'GetBucketAcl: permissions granted to AuthenticatedUsers (any AWS account)',
      ),
      encryptionAlgorithm: text('default encryption SSEAlgorithm (AES256, aws:kms, aws:kms:dsse)'),
      encryptionKeyId: text('default encryption KMSMasterKeyID as configured (key id, key ARN or alias)'),
      tagsJson: json('GetBucketTagging TagSet'),
    },
    example: "MATCH (b:S3Bucket) WHERE 'READ' IN b.aclAllUsers OR b.policyJson IS NOT NULL RETURN b.name",
  }),
  DynamoDBTable: node({
    description: 'A DynamoDB table (DescribeTable), with its resource policy (GetResourcePolicy) and tags.',
    idDoc: 'TableArn',
    service: 'datastores',
    extraLabels: ['DataStore'],
    properties: {
      name: text('TableName'),
      policyJson: json('GetResourcePolicy: the resource policy (null: the table has none)'),
      encryptionKeyId: text('SSEDescription.KMSMasterKeyArn (null: an AWS owned key)'),
      tagsJson: json('ListTagsOfResource'),
    },
    example: 'MATCH (t:DynamoDBTable) WHERE t.policyJson IS NOT NULL RETURN t.name, t.policyJson',
  }),
  SecretsManagerSecret: node({
    description:
      'A Secrets Manager secret: ListSecrets metadata and GetResourcePolicy. The secret value is never read.',
    idDoc: 'the secret ARN',
    service: 'datastores',
    extraLabels: ['DataStore'],
    properties: {
      name: text('Name'),
      policyJson: json('GetResourcePolicy ResourcePolicy (null: the secret has none)'),
      encryptionKeyId: text('KmsKeyId as listed (null: the aws/secretsmanager key)'),
      tagsJson: json('Tags'),
    },
    example: 'MATCH (s:SecretsManagerSecret)<-[:CAN_READ]-(r:AWSRole) RETURN s.name, collect(r.name)',
  }),
  SSMParameter: node({
    description:
      'An SSM Parameter Store parameter (DescribeParameters): name and type. Values are never read.',
    idDoc: '`arn:<partition>:ssm:<region>:<account>:parameter/<name without its leading slash>`',
    service: 'datastores',
    extraLabels: ['DataStore'],
    properties: {
      name: text('Name'),
      type: text('Type: String, StringList or SecureString'),
      encryptionKeyId: text('KeyId of a SecureString (key id, ARN or alias)'),
    },
    example: "MATCH (p:SSMParameter {type: 'SecureString'}) RETURN p.name",
  }),
  KMSKey: node({
    description:
      'A KMS key (DescribeKey) with its key policy (GetKeyPolicy), aliases and a summary of its grants.',
    idDoc: 'the key ARN',
    service: 'datastores',
    extraLabels: ['DataStore'],
    properties: {
      keyId: text('KeyId'),
      keyManager: text('KeyManager: CUSTOMER or AWS'),
      keyState: text('KeyState'),
      policyJson: json('the key policy (policy name `default`)'),
      aliases: texts('alias names that target the key (ListAliases)'),
      grantsJson: json('ListGrants summary: [{granteePrincipal, operations}] (no grant tokens)'),
    },
    example: 'MATCH (k:KMSKey)<-[e:CAN_DECRYPT]-(r:AWSRole) RETURN k.aliases, r.name, e.confidence',
  }),
  WAFv2RegionalWebACL: node({
    description:
      'A regional WAFv2 web ACL (ListWebACLs, GetWebACL): rule names and default action only. Also labelled WAFv2WebACL.',
    idDoc: 'web ACL ARN',
    service: 'wafv2',
    extraLabels: ['WAFv2WebACL'],
    properties: {
      name: text('Name'),
      defaultAction: text('DefaultAction: Allow or Block'),
      ruleNames: texts('Rules[].Name, by priority'),
    },
    example:
      'MATCH (w:WAFv2RegionalWebACL)-[:PROTECTS]->(lb:LoadBalancerV2) RETURN w.name, w.defaultAction, lb.name',
  }),
  Scan: node({
    description:
      'One load of a snapshot: when it was collected, whether it is complete, and the gaps (failed or rejected units).',
    idDoc: 'the scan id of the snapshot manifest',
    service: null,
    extraLabels: [],
    writtenBy: 'load',
    properties: {
      startedAt: datetime('when collection started (manifest createdAt)'),
      finishedAt: datetime('when the last unit was collected'),
      status: text(
        'loading while a load is under way, analyzing while its analysis is (an interrupted load or analysis stays so, never complete), then complete, or partial when a unit failed, was rejected or a document could not be evaluated',
      ),
      gapsJson: json(
        'collection gaps, rejected files and units that failed to load: [{accountId, region, service, api, error}]',
      ),
      unitsLoaded: integer('how many units were loaded'),
      evaluationProblemsJson: json(
        'documents the analysis could not evaluate: [{resource, source, statementIndex, reason}] (docs/architecture.md §4)',
      ),
      findingsRecordedAt: datetime(
        "when an analysis last finished storing this scan's findings (the REST API's cache key, docs/api.md)",
      ),
    },
    example:
      'MATCH (s:Scan) RETURN s.id, s.startedAt, s.status, s.gapsJson ORDER BY s.startedAt DESC LIMIT 5',
  }),
  Internet: node({
    description: 'The internet, the start of every exposure path. Written by the analysis.',
    idDoc: '`internet` (one node)',
    service: null,
    extraLabels: [],
    writtenBy: 'analysis',
    properties: {},
    example: 'MATCH p = (:Internet)-[:EXPOSES]->()-[:REACHES]->(:LambdaFunction) RETURN p LIMIT 25',
  }),
  Finding: node({
    description:
      'A toxic combination or hygiene finding (the Finding JSON of docs/output.md). Written by the analysis. ' +
      'Also labelled with its severity (`Critical`, `High`, `Medium`, `Low`, `Info`) for style sheets.',
    idDoc: 'finding id, stable across scans',
    service: null,
    extraLabels: [],
    writtenBy: 'analysis',
    properties: {},
    example: 'MATCH (f:Finding)-[:AFFECTS]->(x) RETURN f.id, f.severity, x.id ORDER BY f.severity LIMIT 25',
  }),
  Remediation: node({
    description:
      'A fix `toxgraph remediate --apply` made for a finding (docs/remediation.md): who, what, when, the state it replaced (for `--undo`) and whether the rescan proved the finding resolved. Linked by `(Remediation)-[:REMEDIATES]->(Finding)`. Never written or cleaned by a load.',
    idDoc: '`rem-<uuid>`',
    service: null,
    extraLabels: [],
    writtenBy: 'remediate',
    properties: {
      findingId: text('id of the finding the fix is for'),
      option: integer('the number of the option in the plan'),
      kind: text('remove_public_grant, require_auth, cut_capability or quarantine'),
      summary: text('the option in one line'),
      changesJson: json('the changes made, each with the state it replaced (docs/remediation.md "Changes")'),
      actor: text('the AWS identity that made the change (sts:GetCallerIdentity Arn)'),
      operator: text('the local user who ran toxgraph'),
      accountId: text('the account changed'),
      region: text('the region changed'),
      appliedAt: datetime('when the change was made'),
      status: text('applied, verified (the rescan resolved the finding), not_verified, or undone'),
      rescanId: text('the scan that re-verified the finding'),
      undoneAt: datetime('when --undo restored the previous state'),
      undoneBy: text('the AWS identity that undid it'),
    },
    example:
      'MATCH (r:Remediation)-[:REMEDIATES]->(f:Finding) RETURN r.id, r.kind, r.status, r.actor, r.appliedAt, f.id ORDER BY r.appliedAt DESC LIMIT 25',
  }),
} as const satisfies Record<string, NodeSpec>;

export type NodeLabel = keyof typeof NODES;

const rel = <const S extends RelationshipSpec>(spec: S) => spec;

const trustProperties = {
  statementIndex: integer('position of the statement in the trust policy'),
  sid: text('Sid of the statement'),
  principalKind: text('AWS, Service, Federated or CanonicalUser; `*` for Principal "*"'),
  actions: texts('Action of the statement (sts:AssumeRole, sts:AssumeRoleWithWebIdentity, ...)'),
  notActions: texts('NotAction of the statement'),
  conditionsJson: json('Condition of the statement, as written (null: unconditional)'),
} as const;
const trusts = (to: NodeLabel, whom: string) =>
  rel({
    from: 'AWSRole',
    type: 'TRUSTS',
    to,
    description: `an Allow statement of the role's trust policy names ${whom}`,
    properties: trustProperties,
    keys: ['statementIndex'],
  });

const invokesProperties = {
  qualifier: text('the version or alias the URI names, if any'),
} as const;
const invokes = (from: NodeLabel, to: NodeLabel, field: string) =>
  rel({
    from,
    type: 'INVOKES',
    to,
    description: `${field} names the function literally (stage-variable URIs are left to the analysis)`,
    properties: invokesProperties,
  });

const policy = (from: NodeLabel) =>
  rel({
    from,
    type: 'POLICY',
    to: 'AWSPolicy',
    description: 'an attached managed policy or an inline policy',
    properties: {},
  });

// Organizations edges start from the Organizations-owned node (the policy, the parent) rather than from the
// account: `AWSAccount` is shared (no `accountId`), so an edge starting there would belong to no unit and a
// detached SCP or a moved account would never be cleaned up.
const appliesTo = (to: NodeLabel, level: string) =>
  rel({
    from: 'AWSOrganizationPolicy',
    type: 'APPLIES_TO',
    to,
    description: `the SCP is attached to ${level} (ListTargetsForPolicy)`,
    properties: {},
  });
const contains = (from: NodeLabel, to: NodeLabel, what: string) =>
  rel({
    from,
    type: 'CONTAINS',
    to,
    description: `${what} is a direct child (List*ForParent)`,
    properties: {},
  });

/** An S3 event notification calls the function (docs/data-stores.md, "Public bucket triggers a function"). */
const triggers = (to: NodeLabel) =>
  rel({
    from: 'S3Bucket',
    type: 'TRIGGERS',
    to,
    description:
      'GetBucketNotificationConfiguration: a LambdaFunctionConfiguration of the bucket names the function (a version ARN: the function; an alias ARN: the alias)',
    properties: {
      events: texts('Events of every configuration naming this target (s3:ObjectCreated:*, ...)'),
      qualifier: text('the version or alias the function ARN names, if any'),
    },
  });

/** Relationships the loader writes, keyed by a name used in code. */
export const RELATIONSHIPS = {
  roleTrustsRole: trusts('AWSRole', 'a role'),
  roleTrustsUser: trusts('AWSUser', 'a user'),
  roleTrustsAccount: trusts('AWSAccount', 'an account (its root, or the bare account id)'),
  roleTrustsService: trusts('AWSServicePrincipal', 'an AWS service'),
  roleTrustsFederated: trusts('AWSFederatedPrincipal', 'an identity provider'),
  roleTrustsPrincipal: trusts('AWSPrincipal', 'anyone (`*`) or another principal (session, unique id)'),
  rolePolicy: policy('AWSRole'),
  userPolicy: policy('AWSUser'),
  groupPolicy: policy('AWSGroup'),
  roleBoundary: rel({
    from: 'AWSRole',
    type: 'PERMISSIONS_BOUNDARY',
    to: 'AWSPolicy',
    description: "the role's permissions boundary",
    properties: {},
  }),
  userBoundary: rel({
    from: 'AWSUser',
    type: 'PERMISSIONS_BOUNDARY',
    to: 'AWSPolicy',
    description: "the user's permissions boundary",
    properties: {},
  }),
  userMemberOf: rel({
    from: 'AWSUser',
    type: 'MEMBER_OF',
    to: 'AWSGroup',
    description: 'group membership',
    properties: {},
  }),
  scpAppliesToRoot: appliesTo('AWSOrganizationRoot', 'the root'),
  scpAppliesToOu: appliesTo('AWSOrganizationalUnit', 'an OU'),
  scpAppliesToAccount: appliesTo('AWSAccount', 'an account'),
  rootContainsOu: contains('AWSOrganizationRoot', 'AWSOrganizationalUnit', 'the OU'),
  rootContainsAccount: contains('AWSOrganizationRoot', 'AWSAccount', 'the account'),
  ouContainsOu: contains('AWSOrganizationalUnit', 'AWSOrganizationalUnit', 'the OU'),
  ouContainsAccount: contains('AWSOrganizationalUnit', 'AWSAccount', 'the account'),
  functionExecutionRole: rel({
    from: 'LambdaFunction',
    type: 'EXECUTION_ROLE',
    to: 'AWSRole',
    description: "the function's execution role (`Role`); the role may be in another account or unscanned",
    properties: {},
  }),
  aliasExecutionRole: rel({
    from: 'LambdaAlias',
    type: 'EXECUTION_ROLE',
    to: 'AWSRole',
    description:
      'the role of the published version the alias points to (its `Role` when published); absent when the alias points to $LATEST',
    properties: {},
  }),
  functionAlias: rel({
    from: 'LambdaFunction',
    type: 'HAS_ALIAS',
    to: 'LambdaAlias',
    description: 'an alias of the function',
    properties: {},
  }),
  functionUrl: rel({
    from: 'LambdaFunction',
    type: 'HAS_URL',
    to: 'LambdaFunctionUrl',
    description: 'the URL of the unqualified function',
    properties: {},
  }),
  aliasUrl: rel({
    from: 'LambdaAlias',
    type: 'HAS_URL',
    to: 'LambdaFunctionUrl',
    description: 'the URL of the alias',
    properties: {},
  }),
  apiRoute: rel({
    from: 'APIGatewayV2Api',
    type: 'HAS_ROUTE',
    to: 'APIGatewayV2Route',
    description: 'a route of the API',
    properties: {},
  }),
  apiIntegration: rel({
    from: 'APIGatewayV2Api',
    type: 'HAS_INTEGRATION',
    to: 'APIGatewayV2Integration',
    description: 'an integration of the API',
    properties: {},
  }),
  apiAuthorizer: rel({
    from: 'APIGatewayV2Api',
    type: 'HAS_AUTHORIZER',
    to: 'APIGatewayV2Authorizer',
    description: 'an authorizer of the API',
    properties: {},
  }),
  apiStage: rel({
    from: 'APIGatewayV2Api',
    type: 'HAS_STAGE',
    to: 'APIGatewayV2Stage',
    description: 'a stage of the API',
    properties: {},
  }),
  routeTarget: rel({
    from: 'APIGatewayV2Route',
    type: 'TARGETS',
    to: 'APIGatewayV2Integration',
    description: "the route's `Target` (`integrations/<IntegrationId>`)",
    properties: {},
  }),
  routeAuthorizer: rel({
    from: 'APIGatewayV2Route',
    type: 'AUTHORIZED_BY',
    to: 'APIGatewayV2Authorizer',
    description: "the route's `AuthorizerId`",
    properties: {},
  }),
  integrationInvokesFunction: invokes('APIGatewayV2Integration', 'LambdaFunction', 'IntegrationUri'),
  integrationInvokesAlias: invokes('APIGatewayV2Integration', 'LambdaAlias', 'IntegrationUri'),
  authorizerInvokesFunction: invokes('APIGatewayV2Authorizer', 'LambdaFunction', 'AuthorizerUri'),
  authorizerInvokesAlias: invokes('APIGatewayV2Authorizer', 'LambdaAlias', 'AuthorizerUri'),
  domainMapsToApi: rel({
    from: 'APIGatewayDomainName',
    type: 'MAPS_TO',
    to: 'APIGatewayV2Api',
    description: 'an API mapping of the custom domain to an HTTP or WebSocket API',
    properties: {
      apiMappingId: text('ApiMappingId'),
      apiMappingKey: text('ApiMappingKey (the base path; empty for the root)'),
      stage: text('Stage'),
    },
    keys: ['apiMappingId'],
  }),
  domainMapsToRestApi: rel({
    from: 'APIGatewayDomainName',
    type: 'MAPS_TO',
    to: 'APIGatewayRestApi',
    description: 'an API mapping of the custom domain to a REST API',
    properties: {
      apiMappingId: text('ApiMappingId'),
      apiMappingKey: text('ApiMappingKey (the base path; empty for the root)'),
      stage: text('Stage'),
    },
    keys: ['apiMappingId'],
  }),
  restApiResource: rel({
    from: 'APIGatewayRestApi',
    type: 'HAS_RESOURCE',
    to: 'APIGatewayResource',
    description: 'a resource of the REST API',
    properties: {},
  }),
  restApiAuthorizer: rel({
    from: 'APIGatewayRestApi',
    type: 'HAS_AUTHORIZER',
    to: 'APIGatewayRestAuthorizer',
    description: 'an authorizer of the REST API',
    properties: {},
  }),
  restApiStage: rel({
    from: 'APIGatewayRestApi',
    type: 'HAS_STAGE',
    to: 'APIGatewayRestStage',
    description: 'a stage of the REST API',
    properties: {},
  }),
  resourceMethod: rel({
    from: 'APIGatewayResource',
    type: 'HAS_METHOD',
    to: 'APIGatewayMethod',
    description: 'a method of the resource',
    properties: {},
  }),
  methodAuthorizer: rel({
    from: 'APIGatewayMethod',
    type: 'AUTHORIZED_BY',
    to: 'APIGatewayRestAuthorizer',
    description: "the method's `authorizerId`",
    properties: {},
  }),
  methodInvokesFunction: invokes('APIGatewayMethod', 'LambdaFunction', 'methodIntegration.uri'),
  methodInvokesAlias: invokes('APIGatewayMethod', 'LambdaAlias', 'methodIntegration.uri'),
  restAuthorizerInvokesFunction: invokes('APIGatewayRestAuthorizer', 'LambdaFunction', 'authorizerUri'),
  restAuthorizerInvokesAlias: invokes('APIGatewayRestAuthorizer', 'LambdaAlias', 'authorizerUri'),
  loadBalancerListener: rel({
    from: 'LoadBalancerV2',
    type: 'HAS_LISTENER',
    to: 'ELBV2Listener',
    description: 'a listener of the load balancer',
    properties: {},
  }),
  loadBalancerSecurityGroup: rel({
    from: 'LoadBalancerV2',
    type: 'MEMBER_OF_SECURITY_GROUP',
    to: 'EC2SecurityGroup',
    description: 'a security group of the load balancer',
    properties: {},
  }),
  securityGroupPrefixList: rel({
    from: 'EC2SecurityGroup',
    type: 'ADMITS_PREFIX_LIST',
    to: 'EC2PrefixList',
    description: 'an ingress rule of the security group admits the addresses of the prefix list',
    properties: {},
  }),
  bucketTriggersFunction: triggers('LambdaFunction'),
  bucketTriggersAlias: triggers('LambdaAlias'),
  bucketEncryptedWith: rel({
    from: 'S3Bucket',
    type: 'ENCRYPTED_WITH',
    to: 'KMSKey',
    description: 'the KMS key of the default encryption, when the unit resolves it (ARN, key id or alias)',
    properties: {},
  }),
  tableEncryptedWith: rel({
    from: 'DynamoDBTable',
    type: 'ENCRYPTED_WITH',
    to: 'KMSKey',
    description: 'the customer or AWS managed KMS key of the table',
    properties: {},
  }),
  secretEncryptedWith: rel({
    from: 'SecretsManagerSecret',
    type: 'ENCRYPTED_WITH',
    to: 'KMSKey',
    description: 'the KMS key that encrypts the secret, when the unit resolves it',
    properties: {},
  }),
  parameterEncryptedWith: rel({
    from: 'SSMParameter',
    type: 'ENCRYPTED_WITH',
    to: 'KMSKey',
    description: 'the KMS key of a SecureString, when the unit resolves it',
    properties: {},
  }),
  listenerRule: rel({
    from: 'ELBV2Listener',
    type: 'HAS_RULE',
    to: 'ELBV2Rule',
    description: 'a rule of the listener (the default rule included)',
    properties: {},
  }),
  ruleForwardsTo: rel({
    from: 'ELBV2Rule',
    type: 'FORWARDS_TO',
    to: 'ELBV2TargetGroup',
    description: 'a forward action of the rule (`TargetGroupArn` or `ForwardConfig.TargetGroups`)',
    properties: {
      weight: integer('Weight (null when the action names a single target group)'),
      actionOrder: integer("the forward action's Order"),
    },
  }),
  targetGroupFunction: rel({
    from: 'ELBV2TargetGroup',
    type: 'HAS_TARGET',
    to: 'LambdaFunction',
    description: 'a registered Lambda target (DescribeTargetHealth), unqualified',
    properties: {},
  }),
  targetGroupAlias: rel({
    from: 'ELBV2TargetGroup',
    type: 'HAS_TARGET',
    to: 'LambdaAlias',
    description: 'a registered Lambda target (DescribeTargetHealth), alias-qualified',
    properties: {},
  }),
  distributionBehavior: rel({
    from: 'CloudFrontDistribution',
    type: 'HAS_BEHAVIOR',
    to: 'CloudFrontCacheBehavior',
    description: 'a cache behaviour of the distribution (the default one included)',
    properties: {},
  }),
  distributionOrigin: rel({
    from: 'CloudFrontDistribution',
    type: 'HAS_ORIGIN',
    to: 'CloudFrontOrigin',
    description: 'an origin of the distribution',
    properties: {},
  }),
  behaviorOrigin: rel({
    from: 'CloudFrontCacheBehavior',
    type: 'USES_ORIGIN',
    to: 'CloudFrontOrigin',
    description: "the behaviour's TargetOriginId, or each member of the origin group it names",
    properties: {},
  }),
  originAccessControl: rel({
    from: 'CloudFrontOrigin',
    type: 'SIGNED_BY',
    to: 'CloudFrontOriginAccessControl',
    description: "the origin's OriginAccessControlId",
    properties: {},
  }),
  behaviorEdgeFunction: rel({
    from: 'CloudFrontCacheBehavior',
    type: 'RUNS_AT_EDGE',
    to: 'LambdaFunction',
    description:
      'a Lambda@Edge association (the version-qualified ARN names the function; Lambda@Edge lives in us-east-1)',
    properties: {
      eventType: text('EventType: viewer-request, origin-request, origin-response, viewer-response'),
      functionVersionArn: text('LambdaFunctionARN as associated (version-qualified)'),
    },
    keys: ['eventType'],
  }),
  distributionWebAcl: rel({
    from: 'CloudFrontDistribution',
    type: 'PROTECTED_BY',
    to: 'WAFv2WebACL',
    description: "the distribution's WebACLId, when it is a WAFv2 web ACL ARN",
    properties: {},
  }),
  webAclLoadBalancer: rel({
    from: 'WAFv2RegionalWebACL',
    type: 'PROTECTS',
    to: 'LoadBalancerV2',
    description: 'a load balancer the web ACL is associated with (ListResourcesForWebACL)',
    properties: {},
  }),
  restStageWebAcl: rel({
    from: 'APIGatewayRestStage',
    type: 'PROTECTED_BY',
    to: 'WAFv2RegionalWebACL',
    description: "the stage's webAclArn (GetStages)",
    properties: {},
  }),
} as const satisfies Record<string, RelationshipSpec>;

export type RelationshipName = keyof typeof RELATIONSHIPS;

type KindValue<K extends PropertyKind> = K extends 'integer'
  ? number
  : K extends 'boolean'
    ? boolean
    : K extends 'string[]'
      ? string[]
      : string;

type ValuesOf<P extends Properties> = { [K in keyof P]: KindValue<P[K]['kind']> | null };

/** The declared properties of a label, every one present (null = absent in AWS's answer). */
export type NodeProperties<L extends NodeLabel> = ValuesOf<(typeof NODES)[L]['properties']>;
export type RelationshipProperties<R extends RelationshipName> = ValuesOf<
  (typeof RELATIONSHIPS)[R]['properties']
>;

export function nodeSpec(label: NodeLabel): NodeSpec {
  return NODES[label];
}

export function relationshipSpec(name: RelationshipName): RelationshipSpec {
  return RELATIONSHIPS[name];
}

export const NODE_LABELS = Object.keys(NODES) as NodeLabel[];
export const RELATIONSHIP_NAMES = Object.keys(RELATIONSHIPS) as RelationshipName[];

/** The labels a service's unit writes, and so cleans up. */
export function labelsOfService(service: ServiceName): NodeLabel[] {
  return NODE_LABELS.filter((label) => NODES[label].service === service);
}

/** The relationships a service's unit writes: those whose source label it owns. */
export function relationshipsOfService(service: ServiceName): RelationshipName[] {
  return RELATIONSHIP_NAMES.filter((name) => NODES[RELATIONSHIPS[name].from].service === service);
}
