import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateApiCommand, CreateRouteCommand } from '@aws-sdk/client-apigatewayv2';
import { CreateAliasCommand, PublishVersionCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readSnapshot, type Snapshot } from '../../src/snapshot/index.js';
import { aws, createFunction, createRole } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { type RecordedEndpoint, startRecordedEndpoint } from './recorded-endpoint.js';

// Where moto lacks an API (ListFunctionUrlConfigs, apigatewayv2 GetAuthorizers) or answers in another shape
// (alias-qualified policies with real Condition blocks), the collector reads hand-written responses in
// AWS's wire shape (test/fixtures/aws/README.md says where each shape comes from).
let endpoint: RecordedEndpoint;
let snapshot: Snapshot;
let dir: string;
let apiId: string;
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:orders';

beforeAll(async () => {
  const roleArn = await createRole({ name: 'orders-role' });
  await createFunction('orders', roleArn);
  const { Version } = await aws.lambda().send(new PublishVersionCommand({ FunctionName: 'orders' }));
  await aws
    .lambda()
    .send(new CreateAliasCommand({ FunctionName: 'orders', Name: 'live', FunctionVersion: Version }));
  const api = await aws.apigatewayv2().send(new CreateApiCommand({ Name: 'http', ProtocolType: 'HTTP' }));
  apiId = api.ApiId!;
  await aws.apigatewayv2().send(
    new CreateRouteCommand({
      ApiId: apiId,
      RouteKey: 'GET /x',
      AuthorizationType: 'JWT',
      AuthorizerId: 'jwt111',
    }),
  );
  endpoint = await startRecordedEndpoint(inject('motoUrl'), [
    {
      method: 'GET',
      path: /^\/2021-10-31\/functions\/orders\/urls/,
      fixture: 'lambda-list-function-url-configs.json',
    },
    {
      method: 'GET',
      path: /^\/2015-03-31\/functions\/orders\/policy\?Qualifier=live/,
      fixture: 'lambda-get-policy-live.json',
    },
    {
      method: 'GET',
      path: /^\/v2\/apis\/[^/]+\/authorizers(\?|$)/,
      fixture: 'apigatewayv2-get-authorizers.json',
    },
  ]);
  dir = await mkdtemp(path.join(tmpdir(), 'toxgraph-recorded-'));
  const run = await runCli(['collect', '--out', dir], { AWS_ENDPOINT_URL: endpoint.url });
  expect(run.code, run.stderr).toBe(0);
  snapshot = await readSnapshot(dir);
});
afterAll(async () => {
  await endpoint?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('collect against AWS response shapes moto lacks', () => {
  it('takes the URLs of the function and of its aliases from one ListFunctionUrlConfigs call', () => {
    const lambda = snapshot.units.find((unit) => unit.service === 'lambda');
    if (lambda?.service !== 'lambda') throw new Error('no lambda unit');
    expect(
      lambda.data.urlConfigs[FUNCTION_ARN]?.map((url) => [url.FunctionArn, url.AuthType, url.InvokeMode]),
    ).toEqual([
      [FUNCTION_ARN, 'AWS_IAM', 'BUFFERED'],
      [`${FUNCTION_ARN}:live`, 'NONE', 'RESPONSE_STREAM'],
    ]);
    expect(lambda.data.urlConfigs[FUNCTION_ARN]?.[0]?.Cors).toMatchObject({
      AllowCredentials: true,
      AllowOrigins: ['*'],
    });
    expect(snapshot.manifest.awsCalls?.['lambda:ListFunctionUrlConfigs']).toBe(1);
    expect(snapshot.manifest.awsCalls?.['lambda:GetFunctionUrlConfig']).toBeUndefined();
  });

  it("keeps the alias policy's Condition blocks exactly as AWS writes them", () => {
    const lambda = snapshot.units.find((unit) => unit.service === 'lambda');
    if (lambda?.service !== 'lambda') throw new Error('no lambda unit');
    const statements = JSON.parse(lambda.data.policies[`${FUNCTION_ARN}:live`]!).Statement;
    expect(statements.map((statement: { Condition: unknown }) => statement.Condition)).toEqual([
      { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
      { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } },
    ]);
  });

  it('lists every authorizer with GetAuthorizers, including those no route uses', () => {
    const v2 = snapshot.units.find((unit) => unit.service === 'apigatewayv2');
    if (v2?.service !== 'apigatewayv2') throw new Error('no apigatewayv2 unit');
    expect(
      v2.data.authorizers[apiId]?.map((authorizer) => [authorizer.AuthorizerId, authorizer.AuthorizerType]),
    ).toEqual([
      ['jwt111', 'JWT'],
      ['req222', 'REQUEST'],
    ]);
    expect(v2.data.authorizers[apiId]?.[0]?.JwtConfiguration?.Issuer).toBe(
      'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf',
    );
    expect(snapshot.manifest.awsCalls?.['apigateway:GET /apis/*/authorizers/*']).toBeUndefined();
    expect(endpoint.answered.filter((request) => request.includes('/authorizers'))).toHaveLength(1);
  });
});
