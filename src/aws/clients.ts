/**
 * Creates the AWS SDK v3 clients of a collection: the standard credential chain (or an assumed role's
 * credentials), `AWS_ENDPOINT_URL`/`AWS_ENDPOINT_URL_<SERVICE>` honoured by the SDK itself, adaptive retry,
 * and a middleware that records every call for the manifest and the least-privilege test.
 */
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { apiGatewayPermission, type CallRecorder, commandPermission } from './calls.js';

/** An AWS credential provider as the SDK clients accept it. */
export type Credentials = NonNullable<ConstructorParameters<typeof STSClient>[0]>['credentials'];

const CLIENTS = {
  iam: { create: IAMClient, iamPrefix: 'iam' },
  lambda: { create: LambdaClient, iamPrefix: 'lambda' },
  apigatewayv2: { create: ApiGatewayV2Client, iamPrefix: 'apigateway' },
  apigateway: { create: APIGatewayClient, iamPrefix: 'apigateway' },
  elbv2: { create: ElasticLoadBalancingV2Client, iamPrefix: 'elasticloadbalancing' },
  ec2: { create: EC2Client, iamPrefix: 'ec2' },
  sts: { create: STSClient, iamPrefix: 'sts' },
  organizations: { create: OrganizationsClient, iamPrefix: 'organizations' },
  s3: { create: S3Client, iamPrefix: 's3' },
  // Account-level S3 settings; its IAM actions are `s3:` ones, renamed in calls.ts.
  s3control: { create: S3ControlClient, iamPrefix: 's3control' },
  dynamodb: { create: DynamoDBClient, iamPrefix: 'dynamodb' },
  secretsmanager: { create: SecretsManagerClient, iamPrefix: 'secretsmanager' },
  ssm: { create: SSMClient, iamPrefix: 'ssm' },
  kms: { create: KMSClient, iamPrefix: 'kms' },
  cloudfront: { create: CloudFrontClient, iamPrefix: 'cloudfront' },
  wafv2: { create: WAFV2Client, iamPrefix: 'wafv2' },
} as const;

export type ClientKind = keyof typeof CLIENTS;
export type ClientOf<K extends ClientKind> = InstanceType<(typeof CLIENTS)[K]['create']>;

/** Attempts per call (first try included) unless AWS_MAX_ATTEMPTS says otherwise. */
const DEFAULT_MAX_ATTEMPTS = 5;

export interface ClientFactoryOptions {
  credentials?: Credentials;
  recorder: CallRecorder;
  env?: NodeJS.ProcessEnv;
}

export type ClientFactory = <K extends ClientKind>(kind: K, region: string) => ClientOf<K>;

export function clientFactory(options: ClientFactoryOptions): ClientFactory {
  const env = options.env ?? process.env;
  const maxAttempts = Number(env.AWS_MAX_ATTEMPTS) || DEFAULT_MAX_ATTEMPTS;
  const retryMode = env.AWS_RETRY_MODE || 'adaptive';
  return <K extends ClientKind>(kind: K, region: string): ClientOf<K> => {
    const { create, iamPrefix } = CLIENTS[kind];
    const client = new create({
      region,
      maxAttempts,
      retryMode,
      ...(options.credentials ? { credentials: options.credentials } : {}),
      ...(kind === 's3control' ? s3ControlEndpoint(env) : {}),
    }) as ClientOf<K>;
    recordCalls(client, iamPrefix, options.recorder);
    return client;
  };
}

/**
 * S3 Control puts the account id in the host name (`<account>.s3-control.<region>.amazonaws.com`), also in
 * front of an endpoint the user configured, which a local endpoint (an IP address or `localhost`: moto,
 * LocalStack) cannot answer. An endpoint given in AWS_ENDPOINT_URL_S3_CONTROL or AWS_ENDPOINT_URL is
 * therefore used as given; the account id still travels in the `x-amz-account-id` header.
 */
function s3ControlEndpoint(env: NodeJS.ProcessEnv): { endpointProvider?: () => { url: URL } } {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') return {};
  const configured = env.AWS_ENDPOINT_URL_S3_CONTROL || env.AWS_ENDPOINT_URL;
  if (!configured) return {};
  const url = new URL(configured);
  return { endpointProvider: () => ({ url }) };
}

interface SerializedRequest {
  request?: { method?: string; path?: string };
}

function recordCalls(client: ClientOf<ClientKind>, iamPrefix: string, recorder: CallRecorder): void {
  // The build step runs once per call, before the retry loop: one record per logical call.
  (client.middlewareStack as { add: (middleware: unknown, options: unknown) => void }).add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: SerializedRequest) => {
        const request = args.request;
        recorder.record(
          iamPrefix === 'apigateway'
            ? apiGatewayPermission(request?.method ?? 'GET', request?.path ?? '/')
            : commandPermission(iamPrefix, context.commandName ?? 'Unknown'),
        );
        return next(args);
      },
    { step: 'build', name: 'toxgraphCallRecorder' },
  );
}
