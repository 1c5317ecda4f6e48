/**
 * A report as `buildReport` returns it, written out by hand: two scans of one account, findings whose
 * names are hostile (markup, script, Mermaid and Markdown syntax, a right-to-left override, a terminal
 * escape), for the pure renderers.
 */
import type { Detection } from '../../src/findings/detections.js';
import type { Finding } from '../../src/findings/finding.js';
import type { Change } from '../../src/findings/scans.js';
import type { Report } from '../../src/report/model.js';

export const HOSTILE_NAME = 'pay</text><script>alert(1)</script>"]-->x[`|*_\u202Eevil\u001b[31m';

const account = '111122223333';
const region = 'eu-west-3';
const fnArn = (name: string) => `arn:aws:lambda:${region}:${account}:function:${name}`;
const roleArn = (name: string) => `arn:aws:iam::${account}:role/${name}`;

function toxic(name: string, severity: Finding['severity'], status: Finding['status']): Finding {
  const url = `${fnArn(name)}#url`;
  return {
    id: `function-url-privileged-role:${name}`,
    detection: 'function-url-privileged-role',
    severity,
    title: `Public function URL of ${name} runs as an admin role`,
    exposure: 'public_unauthenticated',
    privilege: 'admin',
    entryPoint: { kind: 'function_url', arn: url, name: `https://${name}.lambda-url.${region}.on.aws/` },
    function: { arn: fnArn(name), name, qualifier: null },
    role: { arn: roleArn(`${name}-role`) },
    accountId: account,
    region,
    path: [
      { id: 'internet', labels: ['Internet'], name: 'internet' },
      { id: url, labels: ['LambdaFunctionUrl'], name: `https://${name}.lambda-url.${region}.on.aws/` },
      { id: fnArn(name), labels: ['LambdaFunction'], name },
      { id: roleArn(`${name}-role`), labels: ['AWSPrincipal', 'AWSRole'], name: `${name}-role` },
      { id: `${roleArn(`${name}-role`)}#capability/admin`, labels: ['Capability'], name: 'admin' },
    ],
    evidence: [
      { hop: 0, text: 'AuthType NONE and a Principal "*" grant', source: 'GetFunctionUrlConfig' },
      { hop: 1, text: `the URL invokes ${name}`, source: 'GetFunctionUrlConfig' },
      { hop: 2, text: 'runs as its execution role', source: 'GetFunction' },
      { hop: 3, text: 'AdministratorAccess attached', source: 'GetAccountAuthorizationDetails' },
    ],
    remediation: 'Require authentication on the URL (AuthType AWS_IAM).',
    status,
    firstSeen: '2026-11-02T02:00:00.000Z',
    lastSeen: status === 'resolved' ? '2026-11-02T02:00:00.000Z' : '2026-11-03T02:00:00.000Z',
    confidence: 'high',
  };
}

export const SAMPLE_FINDINGS: Record<Change, Finding[]> = {
  new: [toxic(HOSTILE_NAME, 'critical', 'new')],
  persisting: [toxic('orders', 'high', 'persisting')],
  resolved: [toxic('billing', 'critical', 'resolved')],
};

export const SAMPLE_DETECTION: Detection = {
  id: 'function-url-privileged-role',
  title: 'Public function URL runs as a privileged role',
  severity: 'matrix',
  description: 'Anyone on the internet can call this Lambda function URL.',
  remediation: 'Require authentication on the URL.',
  references: ['https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html'],
  tags: ['toxic-combination'],
  file: 'function-url-privileged-role.cypher',
  query: 'RETURN 1',
};

const counts = (critical: number, high: number) => ({ critical, high, medium: 0, low: 0, info: 0 });

export function sampleReport(): Report {
  const scanSummary = (id: string, day: number, status: 'complete' | 'partial') => ({
    id,
    startedAt: `2026-11-0${day}T02:00:00.000Z`,
    finishedAt: `2026-11-0${day}T02:04:00.000Z`,
    status,
    unitsLoaded: 6,
    analyzed: true,
    counts: { total: 2, bySeverity: counts(1, 1) },
    gaps: [] as Report['scan']['gaps'],
  });
  const scan = scanSummary('scan-2026-11-03', 3, 'partial');
  scan.gaps = [
    {
      accountId: account,
      region,
      service: 'apigatewayv2',
      api: 'GetApis',
      error: `AccessDenied for ${HOSTILE_NAME}`,
    },
  ];
  return {
    generatedAt: '2026-11-03T03:00:00.000Z',
    toolVersion: '0.1.0',
    scan,
    baseScan: scanSummary('scan-2026-11-02', 2, 'complete'),
    bySeverity: counts(1, 1),
    byDetection: [{ key: 'function-url-privileged-role', counts: counts(1, 1) }],
    byAccount: [{ key: account, counts: counts(1, 1) }],
    byRegion: [{ key: region, counts: counts(1, 1) }],
    changes: { new: counts(1, 0), persisting: counts(0, 1), resolved: counts(1, 0) },
    topPaths: [SAMPLE_FINDINGS.new[0]!, SAMPLE_FINDINGS.persisting[0]!],
    detections: new Map([[SAMPLE_DETECTION.id, SAMPLE_DETECTION]]),
    findings: async function* (change) {
      yield* SAMPLE_FINDINGS[change];
    },
  };
}

export async function renderToString(render: (report: Report) => AsyncGenerator<string>): Promise<string> {
  let text = '';
  for await (const chunk of render(sampleReport())) text += chunk;
  return text;
}
