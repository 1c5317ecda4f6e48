/**
 * docs/iam/remediation-policy.json allows every AWS call `toxgraph remediate` sends: the SDK commands of
 * src/remediation/aws-changes.ts and the caller identity, each under the IAM action AWS documents for it
 * (apigateway: the HTTP verb on the route's path).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const source = readFileSync(new URL('../../src/remediation/aws-changes.ts', import.meta.url), 'utf8');
const policy = JSON.parse(
  readFileSync(new URL('../../docs/iam/remediation-policy.json', import.meta.url), 'utf8'),
) as { Statement: { Effect: string; Action: string[]; Resource: string }[] };

/** The IAM action of each API Gateway v2 command (apigateway permissions are HTTP verbs). */
const API_GATEWAY_ACTIONS: Record<string, string> = {
  GetRoute: 'apigateway:GET',
  UpdateRoute: 'apigateway:PATCH',
};

function importedCommands(client: string): string[] {
  const block = new RegExp(`import \\{([^}]*)\\} from '@aws-sdk/client-${client}'`).exec(source)?.[1] ?? '';
  return block
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.endsWith('Command'))
    .map((name) => name.replace(/Command$/, ''));
}

const allowed = new Set(policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action));

describe('docs/iam/remediation-policy.json', () => {
  it.each([
    ...importedCommands('lambda').map((name) => `lambda:${name}`),
    ...importedCommands('iam').map((name) => `iam:${name}`),
    ...importedCommands('apigatewayv2').map((name) => API_GATEWAY_ACTIONS[name] ?? `unknown ${name}`),
    'sts:GetCallerIdentity',
  ])('allows %s', (action) => {
    expect(allowed).toContain(action);
  });

  it('reads every client the changes use', () => {
    expect(importedCommands('lambda').length).toBeGreaterThan(0);
    expect(importedCommands('iam').length).toBeGreaterThan(0);
    expect(importedCommands('apigatewayv2')).toEqual(['GetRoute', 'UpdateRoute']);
  });
});
