/**
 * Benchmark: classify 10,000 roles carrying 30,000 policies (one inline + two customer-managed each, plus
 * a shared AWS-managed one), as GetAccountAuthorizationDetails returns them (URL-encoded documents).
 * Goal: under 30 s on the development machine. Baseline measured in the same run: the bare cost of
 * decoding and JSON-parsing the same documents, so the ratio travels across machines.
 *
 * Regional probes are judged in every scanned region (docs/iam.md "Regions and partitions"): the run
 * classifies once with one region and once with four, to show what each extra region costs.
 *
 * Run:  npx tsc -p bench/iam-tsconfig.json && node bench/out/iam/bench/iam-classify.js [roles]
 */
import { classifyPrincipal, TIERS } from '../src/iam/capabilities.js';
import { loadActionCatalog } from '../src/iam/catalog.js';
import { type AuthorizationDetails, principalsFromAuthorizationDetails } from '../src/iam/principals.js';
import { LAMBDA_TRUST_DOCUMENT, random } from './shared.js';

const ROLES = Number(process.argv[2] ?? 10_000);
const ACCOUNT = '123456789012';

const rand = random(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

const SERVICES = [
  's3',
  'dynamodb',
  'sqs',
  'sns',
  'lambda',
  'secretsmanager',
  'ssm',
  'kms',
  'events',
  'states',
];
const STATEMENTS: ((i: number) => object)[] = [
  () => ({
    Effect: 'Allow',
    Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: '*',
  }),
  (i) => ({
    Effect: 'Allow',
    Action: ['s3:GetObject', 's3:PutObject'],
    Resource: `arn:aws:s3:::bucket-${i}/*`,
  }),
  (i) => ({
    Effect: 'Allow',
    Action: 'dynamodb:*',
    Resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/t-${i}`,
  }),
  () => ({ Effect: 'Allow', Action: `${pick(SERVICES)}:*`, Resource: '*' }),
  () => ({
    Effect: 'Allow',
    Action: [`${pick(SERVICES)}:Get*`, `${pick(SERVICES)}:List*`, `${pick(SERVICES)}:Describe*`],
    Resource: '*',
  }),
  (i) => ({
    Effect: 'Allow',
    Action: 'iam:PassRole',
    Resource: `arn:aws:iam::${ACCOUNT}:role/worker-${i}`,
    Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
  }),
  () => ({
    Effect: 'Allow',
    Action: ['lambda:CreateFunction', 'lambda:InvokeFunction', 'lambda:UpdateFunctionCode'],
    Resource: '*',
  }),
  () => ({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }),
  () => ({ Effect: 'Deny', Action: 'iam:*', Resource: '*' }),
  () => ({
    Effect: 'Allow',
    Action: 'secretsmanager:GetSecretValue',
    Resource: '*',
    Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  }),
  () => ({
    Effect: 'Allow',
    Action: '*',
    Resource: '*',
    Condition: { DateLessThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:00Z' } },
  }),
  (i) => ({
    Effect: 'Allow',
    Action: 'iam:PutRolePolicy',
    Resource: `arn:aws:iam::${ACCOUNT}:role/role-${i}`,
  }),
];
const WEIGHTS = [30, 20, 15, 8, 10, 5, 2, 2, 3, 3, 1, 1];
function statement(i: number): object {
  let roll = rand() * WEIGHTS.reduce((a, b) => a + b, 0);
  for (let k = 0; k < WEIGHTS.length; k++) {
    roll -= WEIGHTS[k]!;
    if (roll <= 0) return STATEMENTS[k]!(i);
  }
  return STATEMENTS[0]!(i);
}
const document = (i: number) =>
  encodeURIComponent(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: Array.from({ length: 1 + Math.floor(rand() * 3) }, () => statement(i)),
    }),
  );

function estate(): AuthorizationDetails {
  const details: Required<Pick<AuthorizationDetails, 'RoleDetailList' | 'Policies'>> = {
    RoleDetailList: [],
    Policies: [],
  };
  const basic = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
  details.Policies.push({
    Arn: basic,
    PolicyName: 'AWSLambdaBasicExecutionRole',
    DefaultVersionId: 'v1',
    PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: document(0) }],
  });
  for (let i = 0; i < ROLES; i++) {
    const managed = [0, 1].map((k) => {
      const arn = `arn:aws:iam::${ACCOUNT}:policy/p-${i}-${k}`;
      details.Policies.push({
        Arn: arn,
        PolicyName: `p-${i}-${k}`,
        DefaultVersionId: 'v1',
        PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: document(i) }],
      });
      return { PolicyArn: arn, PolicyName: `p-${i}-${k}` };
    });
    details.RoleDetailList.push({
      Arn: `arn:aws:iam::${ACCOUNT}:role/role-${i}`,
      RoleName: `role-${i}`,
      Path: '/',
      AssumeRolePolicyDocument: LAMBDA_TRUST_DOCUMENT,
      RolePolicyList: [{ PolicyName: 'inline', PolicyDocument: document(i) }],
      AttachedManagedPolicies: [...managed, { PolicyArn: basic, PolicyName: 'AWSLambdaBasicExecutionRole' }],
    });
  }
  return details;
}

async function main() {
  const details = estate();
  const documents = [
    ...(details.RoleDetailList ?? []).flatMap((role) => [
      role.AssumeRolePolicyDocument!,
      ...(role.RolePolicyList ?? []).map((p) => p.PolicyDocument!),
    ]),
    ...(details.Policies ?? []).flatMap((policy) => (policy.PolicyVersionList ?? []).map((v) => v.Document!)),
  ];
  const catalogStart = performance.now();
  const catalog = await loadActionCatalog();
  const catalogMs = performance.now() - catalogStart;

  const baselineStart = performance.now();
  let parsedStatements = 0;
  for (const text of documents)
    parsedStatements += [JSON.parse(decodeURIComponent(text)).Statement].flat().length;
  const baselineMs = performance.now() - baselineStart;

  const principals = principalsFromAuthorizationDetails(details);
  const classifyAll = (regions: string[]) => {
    const start = performance.now();
    const tiers: Record<string, number> = Object.fromEntries(TIERS.map((tier) => [tier, 0]));
    for (const principal of principals)
      tiers[
        classifyPrincipal(catalog, principal, { now: new Date('2026-11-28T12:00:00Z'), regions }).tier
      ]! += 1;
    return { ms: performance.now() - start, tiers };
  };
  const { ms: classifyMs, tiers } = classifyAll(['us-east-1']);
  const fourRegions = classifyAll(['us-east-1', 'eu-west-1', 'ap-southeast-2', 'sa-east-1']);

  console.log(
    `roles: ${principals.length}, policies: ${(details.Policies?.length ?? 0) + principals.length - 1} (+1 shared AWS-managed), statements parsed by the baseline: ${parsedStatements}`,
  );
  console.log(`catalogue load (once per process): ${(catalogMs / 1000).toFixed(2)} s`);
  console.log(
    `classify (1 scanned region): ${(classifyMs / 1000).toFixed(2)} s = ${Math.round(principals.length / (classifyMs / 1000))} roles/s (goal: < 30 s)`,
  );
  console.log(
    `baseline (decode + JSON.parse of the same ${documents.length} documents): ${(baselineMs / 1000).toFixed(3)} s`,
  );
  console.log(`ratio classify / baseline: ${(classifyMs / baselineMs).toFixed(1)}x`);
  console.log(`tiers: ${JSON.stringify(tiers)}`);
  console.log(
    `classify with 4 scanned regions: ${(fourRegions.ms / 1000).toFixed(2)} s (${(fourRegions.ms / classifyMs).toFixed(2)}x one region), same tiers: ${JSON.stringify(fourRegions.tiers) === JSON.stringify(tiers)}`,
  );
}

await main();
