import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../src/snapshot/index.js';
import { ACCOUNT_ID, createFunction, createRole, lambdaTrustPolicy, REGION } from '../support/aws.js';
import { runCli } from '../support/cli.js';
import { freePort } from '../support/moto-server.js';

const OTHER_ACCOUNT = '111111111111';
const OTHER_REGION = 'eu-west-1';
const dirs: string[] = [];
async function outDir() {
  const dir = await mkdtemp(path.join(tmpdir(), 'toxgraph-collect-'));
  dirs.push(dir);
  return dir;
}

/** An endpoint that answers every request with one AWS error, as AWS's JSON protocols send errors. */
function faultyEndpoint(
  status: number,
  errorType: string,
  message: string,
): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    request.resume();
    response.writeHead(status, {
      'content-type': 'application/json',
      'x-amzn-errortype': errorType,
      'x-amzn-requestid': 'fault-1',
    });
    response.end(JSON.stringify({ __type: errorType, Message: message, message }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
        server,
      });
    }),
  );
}

const faultServers: Server[] = [];

beforeAll(async () => {
  const roleArn = await createRole({ name: 'app-role' });
  await createFunction('main-fn', roleArn);
  const euRole = roleArn;
  await new LambdaClient({ region: OTHER_REGION, maxAttempts: 1 }).send(
    new CreateFunctionCommand({
      FunctionName: 'eu-fn',
      Role: euRole,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { ZipFile: new Uint8Array([80, 75, 5, 6, ...new Array(18).fill(0)]) },
    }),
  );
  // moto gives an assumed role's credentials the role's account: that is how a second account is seeded.
  const { Credentials } = await new STSClient({ region: REGION }).send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${OTHER_ACCOUNT}:role/toxgraph-reader`,
      RoleSessionName: 'seed',
    }),
  );
  const other = {
    region: REGION,
    maxAttempts: 1,
    credentials: {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken,
    },
  };
  const { Role } = await new IAMClient(other).send(
    new CreateRoleCommand({
      RoleName: 'partner-fn-role',
      AssumeRolePolicyDocument: JSON.stringify(lambdaTrustPolicy),
    }),
  );
  await new LambdaClient(other).send(
    new CreateFunctionCommand({
      FunctionName: 'partner-fn',
      Role: Role!.Arn,
      Runtime: 'python3.12',
      Handler: 'index.handler',
      Code: { ZipFile: new Uint8Array([80, 75, 5, 6, ...new Array(18).fill(0)]) },
    }),
  );
});
afterAll(async () => {
  for (const server of faultServers) server.close();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('collect scope', () => {
  it('collects every listed region, each function in its own region', async () => {
    const dir = await outDir();
    const run = await runCli(['collect', '--out', dir, '--regions', `${REGION},${OTHER_REGION}`]);
    expect(run.code).toBe(0);
    const snapshot = await readSnapshot(dir);
    expect(snapshot.manifest.regions).toEqual([OTHER_REGION, REGION]);
    const functionsIn = (region: string) =>
      snapshot.units.flatMap((unit) =>
        unit.service === 'lambda' && unit.region === region
          ? unit.data.functions.map((fn) => fn.FunctionName)
          : [],
      );
    expect(functionsIn(REGION)).toEqual(['main-fn']);
    expect(functionsIn(OTHER_REGION)).toEqual(['eu-fn']);
    expect(snapshot.units.filter((unit) => unit.service === 'iam')).toHaveLength(1);
  });

  it('collects other accounts through the assumed role, each account its own units', async () => {
    const dir = await outDir();
    const run = await runCli([
      'collect',
      '--out',
      dir,
      '--accounts',
      `${ACCOUNT_ID},${OTHER_ACCOUNT}`,
      '--assume-role',
      'toxgraph-reader',
    ]);
    expect(run.code).toBe(0);
    const snapshot = await readSnapshot(dir);
    expect(snapshot.manifest.accounts).toEqual([ACCOUNT_ID, OTHER_ACCOUNT]);
    const lambda = (account: string) =>
      snapshot.units.flatMap((unit) =>
        unit.service === 'lambda' && unit.accountId === account
          ? unit.data.functions.map((fn) => fn.FunctionArn)
          : [],
      );
    expect(lambda(OTHER_ACCOUNT)).toEqual([`arn:aws:lambda:${REGION}:${OTHER_ACCOUNT}:function:partner-fn`]);
    expect(lambda(ACCOUNT_ID)).toEqual([`arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:main-fn`]);
    const otherIam = snapshot.units.find(
      (unit) => unit.service === 'iam' && unit.accountId === OTHER_ACCOUNT,
    );
    expect(
      otherIam?.service === 'iam' &&
        otherIam.data.authorizationDetails.RoleDetailList.map((role) => role.RoleName),
    ).toEqual(['partner-fn-role']);
    expect(snapshot.manifest.awsCalls?.['sts:AssumeRole']).toBeGreaterThanOrEqual(1);
  });

  it('refuses bad flags with exit 2 and says what was expected', async () => {
    const dir = await outDir();
    const badRegion = await runCli(['collect', '--out', dir, '--regions', 'us-east-1,mars']);
    expect(badRegion.code).toBe(2);
    expect(badRegion.stderr).toMatch(/--regions: expected "all" or a comma-separated list of AWS regions/);
    const noRole = await runCli(['collect', '--out', dir, '--accounts', OTHER_ACCOUNT]);
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toMatch(/pass --assume-role NAME/);
    const orgNoRole = await runCli(['collect', '--out', dir, '--org']);
    expect(orgNoRole.code).toBe(2);
  });
});

describe('collect faults stop only their unit', () => {
  it('an unreachable ELBv2 endpoint: gaps for elbv2 (and ec2, which needs it), everything else collected', async () => {
    const dir = await outDir();
    const closed = `http://127.0.0.1:${await freePort()}`;
    const env = { AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: closed, AWS_MAX_ATTEMPTS: '2' };
    const run = await runCli(['collect', '--out', dir], env);
    expect(run.code).toBe(0);
    const snapshot = await readSnapshot(dir);
    expect(snapshot.manifest.gaps.map((gap) => [gap.service, gap.api])).toEqual([
      ['ec2', 'DescribeLoadBalancers'],
      ['elbv2', 'DescribeLoadBalancers'],
    ]);
    expect(snapshot.manifest.gaps[1]).toMatchObject({ accountId: ACCOUNT_ID, region: REGION });
    expect(snapshot.manifest.gaps[1]?.error).toMatch(/ECONNREFUSED/);
    expect(snapshot.failed.map((unit) => unit.service).sort()).toEqual(['ec2', 'elbv2']);
    expect(snapshot.units.map((unit) => unit.service).sort()).toEqual([
      'apigateway',
      'apigatewayv2',
      'cloudfront',
      'datastores',
      'iam',
      'lambda',
      'wafv2',
    ]);
    expect(run.stdout).toMatch(/Gaps \(2\)/);
    expect(run.stdout).toContain(`${ACCOUNT_ID} ${REGION} elbv2 DescribeLoadBalancers:`);

    const strict = await runCli(['collect', '--out', await outDir(), '--strict'], env);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/--strict: 2 unit\(s\) could not be collected/);
  });

  it('AccessDenied on Lambda: a Lambda gap naming the API and the error, the rest collected', async () => {
    const { url, server } = await faultyEndpoint(
      403,
      'AccessDeniedException',
      `User: arn:aws:iam::${ACCOUNT_ID}:user/reader is not authorized to perform: lambda:ListFunctions`,
    );
    faultServers.push(server);
    const dir = await outDir();
    const run = await runCli(['collect', '--out', dir], { AWS_ENDPOINT_URL_LAMBDA: url });
    expect(run.code).toBe(0);
    const snapshot = await readSnapshot(dir);
    expect(snapshot.manifest.gaps).toEqual([
      {
        accountId: ACCOUNT_ID,
        region: REGION,
        service: 'lambda',
        api: 'ListFunctions',
        error: expect.stringMatching(/^AccessDeniedException: User: .* lambda:ListFunctions \(HTTP 403\)$/),
      },
    ]);
    expect(snapshot.units.map((unit) => unit.service)).not.toContain('lambda');
    expect(snapshot.units.map((unit) => unit.service)).toContain('elbv2');
  });

  it('throttling that outlasts the retries: a gap for that unit only', async () => {
    const { url, server } = await faultyEndpoint(400, 'TooManyRequestsException', 'Too Many Requests');
    faultServers.push(server);
    const dir = await outDir();
    const run = await runCli(['collect', '--out', dir], {
      AWS_ENDPOINT_URL_APIGATEWAYV2: url,
      AWS_MAX_ATTEMPTS: '2',
    });
    expect(run.code).toBe(0);
    const { manifest } = await readSnapshot(dir);
    expect(manifest.gaps.map((gap) => [gap.service, gap.api, gap.error.split(':')[0]])).toEqual([
      ['apigatewayv2', 'GetApis', 'TooManyRequestsException'],
    ]);
    // API Gateway v1 shares the IAM prefix but not the endpoint variable: still collected.
    expect(manifest.units.find((unit) => unit.service === 'apigateway')?.status).toBe('ok');
  });
});
