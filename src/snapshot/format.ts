/**
 * The snapshot on disk: what `collect` writes and `load` reads (docs/architecture.md §1). Unit data are the
 * AWS SDK v3 responses as the SDK returns them, merged across pages and keyed by their parent resource.
 * The zod schemas that validate files on read live beside this file and must agree with these types.
 */
import type {
  AuthorizerType,
  Resource,
  RestApi,
  Authorizer as RestAuthorizer,
  Stage as RestStage,
} from '@aws-sdk/client-api-gateway';
import type {
  Api,
  ApiMapping,
  Authorizer,
  DomainName,
  Integration,
  Route,
  Stage,
} from '@aws-sdk/client-apigatewayv2';
import type { DistributionSummary, OriginAccessControlSummary } from '@aws-sdk/client-cloudfront';
import type { ManagedPrefixList, PrefixListEntry, SecurityGroup } from '@aws-sdk/client-ec2';
import type {
  Listener,
  LoadBalancer,
  Rule,
  TargetGroup,
  TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { GetAccountAuthorizationDetailsResponse } from '@aws-sdk/client-iam';
import type { AliasConfiguration, FunctionConfiguration, FunctionUrlConfig } from '@aws-sdk/client-lambda';
import type { Account, OrganizationalUnit, Policy, PolicySummary, Root } from '@aws-sdk/client-organizations';
import type { WebACL } from '@aws-sdk/client-wafv2';
import type { AccessAdvisorEntry } from '../iam/usage.js';
import type { DataStoresData } from './datastores-format.js';

export const SERVICES = [
  'iam',
  'organizations',
  'lambda',
  'apigatewayv2',
  'apigateway',
  'elbv2',
  'ec2',
  'cloudfront',
  'datastores',
  'wafv2',
] as const;
export type ServiceName = (typeof SERVICES)[number];
/** IAM, Organizations and CloudFront are global: their unit's region is "global". */
export const GLOBAL_SERVICES: readonly ServiceName[] = ['iam', 'organizations', 'cloudfront'];
export const GLOBAL_REGION = 'global';

export interface UnitKey {
  accountId: string;
  region: string;
  service: ServiceName;
}

export interface UnitFile<D> {
  unit: UnitKey;
  collectedAt: string;
  data: D;
}

/** Lambda environment as stored: names only. Values never leave the collector. */
export interface RedactedEnvironment {
  VariableNames: string[];
  /** Names whose name or value looks like a secret (AWS keys, private keys, tokens, passwords). */
  SecretLookingNames: string[];
  /**
   * Names whose value is a credential of its own (an AWS access key id, a private key); absent in
   * snapshots written before it was collected.
   */
  CredentialLookingNames?: string[];
  /** Lambda's own error reading the environment (KMS), as AWS returns it. */
  Error?: { ErrorCode?: string; Message?: string };
}

export type SnapshotFunction = Omit<FunctionConfiguration, 'Environment'> & {
  Environment?: RedactedEnvironment;
};

export interface IamData {
  /** All pages of GetAccountAuthorizationDetails merged; policy documents still URL-encoded as AWS sends them. */
  authorizationDetails: Required<
    Pick<
      GetAccountAuthorizationDetailsResponse,
      'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies'
    >
  >;
  /**
   * Collected with `--usage` only, keyed by role ARN: the IAM Access Advisor report of the role
   * (GetServiceLastAccessedDetails, ACTION_LEVEL, pages merged) or why there is none (docs/usage.md).
   */
  accessAdvisor?: Record<string, AccessAdvisorEntry>;
}

export interface LambdaData {
  /** `$LATEST` of every function, `FunctionArn` unqualified. */
  functions: SnapshotFunction[];
  /**
   * Keyed by unqualified function ARN: the published versions (qualified `FunctionArn`), from the same
   * ListFunctions listing (FunctionVersion=ALL). An alias runs a version, whose role may differ from $LATEST's.
   */
  versions?: Record<string, SnapshotFunction[]>;
  /** Keyed by unqualified function ARN. */
  aliases: Record<string, AliasConfiguration[]>;
  /** Keyed by unqualified function ARN: the URL configs of the function and of its aliases. */
  urlConfigs: Record<string, FunctionUrlConfig[]>;
  /** Keyed by the ARN the policy belongs to (unqualified, or qualified with an alias): GetPolicy's Policy string. */
  policies: Record<string, string>;
  /** Keyed by unqualified function ARN: ReservedConcurrentExecutions, absent when unreserved. */
  reservedConcurrency: Record<string, number>;
}

export interface ApiGatewayV2Data {
  apis: Api[];
  /** Each keyed by ApiId. */
  routes: Record<string, Route[]>;
  integrations: Record<string, Integration[]>;
  authorizers: Record<string, Authorizer[]>;
  stages: Record<string, Stage[]>;
  domainNames: DomainName[];
  /** Keyed by domain name. */
  apiMappings: Record<string, ApiMapping[]>;
}

export interface ApiGatewayRestData {
  restApis: RestApi[];
  /** Each keyed by rest API id. Resources come from GetResources with embed=methods. */
  resources: Record<string, Resource[]>;
  authorizers: Record<string, RestAuthorizer[]>;
  stages: Record<string, RestStage[]>;
}
export type { AuthorizerType };

export interface Elbv2Data {
  loadBalancers: LoadBalancer[];
  /** Keyed by load balancer ARN. */
  listeners: Record<string, Listener[]>;
  /** Keyed by listener ARN, in AWS's order (priority). */
  rules: Record<string, Rule[]>;
  targetGroups: TargetGroup[];
  /** Keyed by target group ARN. */
  targetHealth: Record<string, TargetHealthDescription[]>;
}

export interface Ec2Data {
  /** The security groups attached to load balancers. */
  securityGroups: SecurityGroup[];
  /** The managed prefix lists their ingress rules name (absent in snapshots before they were collected). */
  prefixLists?: ManagedPrefixList[];
  /** Keyed by prefix list id: GetManagedPrefixListEntries. */
  prefixListEntries?: Record<string, PrefixListEntry[]>;
}

/** A WAFv2 web ACL as GetWebACL returns it, reduced to what the analysis reads: no rule statements. */
export type WebAclSummary = Pick<WebACL, 'ARN' | 'Id' | 'Name' | 'DefaultAction'> & {
  Rules: { Name: string; Priority?: number }[];
};

export interface CloudFrontData {
  /** ListDistributions: each summary carries the origins, cache behaviours and WebACLId. */
  distributions: DistributionSummary[];
  /** ListOriginAccessControls. */
  originAccessControls: OriginAccessControlSummary[];
  /** Keyed by web ACL ARN: the WAFv2 web ACLs (scope CLOUDFRONT) the distributions name. */
  webAcls: Record<string, WebAclSummary>;
}

/** A regional web ACL (ListWebACLs, GetWebACL) and the load balancers it protects (ListResourcesForWebACL). */
export type RegionalWebAcl = WebAclSummary & { LoadBalancerArns: string[] };

export interface WafV2Data {
  webAcls: RegionalWebAcl[];
}

export interface OrganizationsData {
  accounts: Account[];
  roots: Root[];
  organizationalUnits: OrganizationalUnit[];
  /** Service control policies with their content (Policy.Content is the JSON document). */
  policies: Policy[];
  /** Keyed by target id (root, OU or account id): the SCPs attached there. */
  policiesForTarget: Record<string, PolicySummary[]>;
  /** Keyed by child id (OU or account id): its parent id, to walk from an account to the root. */
  parents: Record<string, string>;
  managementAccountId?: string;
}

export interface ServiceData {
  iam: IamData;
  organizations: OrganizationsData;
  lambda: LambdaData;
  apigatewayv2: ApiGatewayV2Data;
  apigateway: ApiGatewayRestData;
  elbv2: Elbv2Data;
  ec2: Ec2Data;
  cloudfront: CloudFrontData;
  datastores: DataStoresData;
  wafv2: WafV2Data;
}

export interface CollectionGap {
  accountId: string;
  region: string;
  service: ServiceName;
  api: string;
  error: string;
}

export interface ManifestUnit extends UnitKey {
  /** Relative to the snapshot directory; absent when the unit failed. */
  file?: string;
  status: 'ok' | 'failed';
  /** How many resources of each kind the unit holds (e.g. `{ functions: 12, aliases: 3 }`). */
  counts?: Record<string, number>;
}

export interface Manifest {
  tool: 'toxgraph';
  version: string;
  createdAt: string;
  scanId: string;
  callerIdentity: { Account?: string; Arn?: string; UserId?: string };
  accounts: string[];
  regions: string[];
  units: ManifestUnit[];
  gaps: CollectionGap[];
  /**
   * How many AWS calls the collection sent, keyed by the IAM permission each needs (`lambda:ListFunctions`;
   * for API Gateway `apigateway:GET /apis/*‍/routes`, identifiers as `*`).
   */
  awsCalls?: Record<string, number>;
}

/**
 * What a value becomes once written as JSON and read back: the SDK's `Date` members are ISO-8601 strings
 * in the files. The data `readSnapshot` returns are typed with this.
 */
export type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

/** The data of one service as read from a snapshot file. */
export type SnapshotData<S extends ServiceName> = Jsonified<ServiceData[S]>;

export function unitFilePath(unit: UnitKey): string {
  return `${unit.accountId}/${unit.region}/${unit.service}.json`;
}
