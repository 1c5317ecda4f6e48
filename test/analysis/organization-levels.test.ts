import { describe, expect, it } from 'vitest';
import { type OrganizationStructure, organizationLevels } from '../../src/analysis/organization-levels.js';

const ROOT = 'arn:aws:organizations::999999999999:root/o-abc123/r-abcd';
const OU = 'arn:aws:organizations::999999999999:ou/o-abc123/ou-abcd-11111111';
const FULL = 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess';
const DENY = 'arn:aws:organizations::999999999999:policy/o-abc123/service_control_policy/p-denyiam1';
const allowAll = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
const denyIam = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}';
const full = (target: string) => ({ target, arn: FULL, name: 'FullAWSAccess', document: allowAll });

const structure = (overrides: Partial<OrganizationStructure> = {}): OrganizationStructure => ({
  accounts: [
    { id: '999999999999', isManagementAccount: true },
    { id: '111111111111', isManagementAccount: false },
  ],
  edges: [
    { parent: ROOT, child: OU },
    { parent: ROOT, child: '999999999999' },
    { parent: OU, child: '111111111111' },
  ],
  roots: [ROOT],
  attachments: [
    full(ROOT),
    { target: ROOT, arn: DENY, name: 'deny-iam', document: denyIam },
    full(OU),
    full('111111111111'),
    full('999999999999'),
  ],
  ...overrides,
});

describe('organizationLevels', () => {
  it('gives each member account its levels, root first, and exempts the management account', () => {
    const { organizations, problems } = organizationLevels(structure());
    expect(problems).toEqual([]);
    expect(organizations.get('111111111111')).toEqual({
      isManagementAccount: false,
      scpLevels: [
        [
          { arn: DENY, name: 'deny-iam', content: denyIam },
          { arn: FULL, name: 'FullAWSAccess', content: allowAll },
        ],
        [{ arn: FULL, name: 'FullAWSAccess', content: allowAll }],
        [{ arn: FULL, name: 'FullAWSAccess', content: allowAll }],
      ],
    });
    expect(organizations.get('999999999999')).toEqual({ isManagementAccount: true, scpLevels: [] });
  });

  it('leaves out accounts outside any organization the graph knows', () => {
    const { organizations } = organizationLevels(
      structure({ accounts: [{ id: '222222222222', isManagementAccount: null }] }),
    );
    expect(organizations.size).toBe(0);
    expect(
      organizationLevels({ accounts: [], edges: [], roots: [], attachments: [] }).organizations.size,
    ).toBe(0);
  });

  it('applies no SCP to an account whose chain is incomplete, and says why', () => {
    const noAccountScp = organizationLevels(
      structure({ attachments: structure().attachments.filter((row) => row.target !== '111111111111') }),
    );
    expect(noAccountScp.organizations.has('111111111111')).toBe(false);
    expect(noAccountScp.problems).toEqual([
      'SCPs of account 111111111111 not applied: no SCP recorded at 111111111111',
    ]);

    const unreadable = organizationLevels(
      structure({
        attachments: structure().attachments.map((row) =>
          row.arn === DENY ? { ...row, document: null } : row,
        ),
      }),
    );
    expect(unreadable.organizations.has('111111111111')).toBe(false);
    expect(unreadable.problems[0]).toContain(`the document of ${DENY}`);

    const noRoot = organizationLevels(structure({ roots: [] }));
    expect(noRoot.organizations.has('111111111111')).toBe(false);
    expect(noRoot.problems[0]).toContain('no path up to the organization root');
    // The management account is exempt whatever the data.
    expect(noRoot.organizations.get('999999999999')?.isManagementAccount).toBe(true);
  });
});
