import { beforeAll, describe, expect, it } from 'vitest';
import { classifyPrincipal } from '../../src/iam/capabilities.js';
import type { ActionCatalog } from '../../src/iam/catalog.js';
import { capabilityRecords, explainPrivileges } from '../../src/iam/explain.js';
import { ACCOUNT, allow, catalogForTests, deny, doc, NOW, ROLE_ARN, role } from './principal-fixture.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await catalogForTests();
});

describe('explanations a reviewer can check in the console', () => {
  it('names the policy, the statement number and Sid, the action and resource pattern that matched', () => {
    const privileges = classifyPrincipal(
      catalog,
      role({
        inline: [doc(allow('logs:*'), { Sid: 'SelfEdit', ...allow('iam:Put*Policy', ROLE_ARN) })],
        managed: { guard: doc(deny('iam:PutRolePolicy', `arn:aws:iam::${ACCOUNT}:role/other`)) },
      }),
      { now: NOW },
    );
    const text = explainPrivileges(privileges).join('\n');
    expect(text).toContain(`${ROLE_ARN} is admin.`);
    expect(text).toContain(
      `iam:PutRolePolicy on ${ROLE_ARN}: inline policy inline-0 statement 2 (Sid "SelfEdit") allows "iam:Put*Policy" on "${ROLE_ARN}"`,
    );
    expect(text).not.toContain('unless');
  });

  it('shows the deny and the open conditions of a conditional grant', () => {
    const privileges = classifyPrincipal(
      catalog,
      role({
        inline: [
          doc(
            allow('secretsmanager:GetSecretValue', '*', {
              Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
            }),
          ),
        ],
        managed: {
          guard: doc(
            deny('secretsmanager:*', '*', {
              Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } },
            }),
          ),
        },
      }),
      { now: NOW },
    );
    const text = explainPrivileges(privileges).join('\n');
    expect(text).toContain('(sensitive_data, only under conditions)');
    expect(text).toContain('if StringEquals aws:SourceVpce ["vpce-1"]');
    expect(text).toContain(
      `unless arn:aws:iam::${ACCOUNT}:policy/guard statement 1 denies "secretsmanager:*"`,
    );
    const [record] = capabilityRecords(privileges).filter((c) => c.kind === 'sensitive_data');
    expect(record?.steps[0]?.grants[0]).toMatchObject({
      policy: 'inline-0',
      policyKind: 'inline',
      statementIndex: 0,
      sid: null,
      action: 'secretsmanager:GetSecretValue',
      resource: '*',
    });
    expect(record?.steps[0]?.denials[0]?.conditions).toEqual([
      { operator: 'StringNotEquals', key: 'aws:PrincipalOrgID', values: ['o-1'] },
    ]);
  });
});
