import { describe, expect, it } from 'vitest';
import { inStableOrder, type PrincipalRow } from '../../src/analysis/privilege.js';

const policy = (id: string, kind: string) => ({
  id,
  name: id.split('/').pop() ?? id,
  kind,
  documentJson: '{}',
});
const row = (policies: PrincipalRow['policies'], groups: PrincipalRow['groups']): PrincipalRow => ({
  arn: 'arn:aws:iam::111111111111:user/dev',
  label: 'AWSUser',
  name: 'dev',
  path: '/',
  accountId: '111111111111',
  trust: null,
  tagsJson: null,
  policies,
  boundary: null,
  groups,
});

describe('inStableOrder: a principal read the same whatever order Neo4j collected its policies in', () => {
  const admin = policy('arn:aws:iam::aws:policy/AdministratorAccess', 'aws_managed');
  const inline = policy('arn:aws:iam::111111111111:user/dev#inline/data', 'inline');
  const readOnly = policy('arn:aws:iam::aws:policy/ReadOnlyAccess', 'aws_managed');
  const ops = { arn: 'arn:aws:iam::111111111111:group/ops', name: 'ops', policies: [readOnly, admin] };
  const devs = { arn: 'arn:aws:iam::111111111111:group/devs', name: 'devs', policies: [inline] };

  it('sorts policies, groups and group policies by id', () => {
    const ordered = inStableOrder(row([inline, admin], [ops, devs]));
    // Code-unit order: account-owned ARNs (digits) before AWS managed ones.
    expect(ordered.policies.map((p) => p.id)).toEqual([inline.id, admin.id]);
    expect(ordered.groups.map((g) => g.name)).toEqual(['devs', 'ops']);
    expect(ordered.groups[1]!.policies.map((p) => p.id)).toEqual([admin.id, readOnly.id]);
  });

  it('two row orders give one reading', () => {
    const a = inStableOrder(row([inline, admin], [ops, devs]));
    const b = inStableOrder(row([admin, inline], [devs, { ...ops, policies: [admin, readOnly] }]));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
