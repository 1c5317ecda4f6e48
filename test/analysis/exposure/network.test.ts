import type { IpPermission } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import type { EntryExposure } from '../../../src/analysis/exposure/exposure-class.js';
import {
  cidrReach,
  type PrefixListFacts,
  securityGroupReach,
  uncollectedSecurityGroups,
  withinReach,
} from '../../../src/analysis/exposure/network.js';
import { securityGroup, tcpFrom } from '../../fixtures/exposure/elbv2.js';

describe('cidrReach', () => {
  it.each([
    [['0.0.0.0/0'], 'internet'],
    [['::/0'], 'internet'],
    [['10.0.0.0/8', '0.0.0.0/0'], 'internet'],
    [['10.0.0.0/8', '172.16.0.0/12', '192.168.1.0/24', '100.64.0.0/10'], 'private'],
    [['fd12:3456::/48', 'fe80::/10'], 'private'],
    [['203.0.113.0/24'], 'allow_listed'],
    [['172.32.0.0/16'], 'allow_listed'],
    [['2001:db8::/32'], 'allow_listed'],
    [[], 'private'],
    // Coverage: split ranges that together are the whole address space are the internet.
    [['0.0.0.0/1', '128.0.0.0/1'], 'internet'],
    [['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/2', '192.0.0.0/2'], 'internet'],
    [['::/1', '8000::/1'], 'internet'],
    // Global unicast 2000::/3 is every public IPv6 address.
    [['2000::/4', '3000::/4'], 'internet'],
    [['2000::/3'], 'internet'],
    // Every public IPv4 block, i.e. the internet minus addresses nobody on it can have.
    [
      [
        '0.0.0.0/5',
        '8.0.0.0/7',
        '11.0.0.0/8',
        '12.0.0.0/6',
        '16.0.0.0/4',
        '32.0.0.0/3',
        '64.0.0.0/2',
        '128.0.0.0/1',
      ],
      'internet',
    ],
    // Look-alikes: half of the internet, or all but one public block, is an allow-list.
    [['0.0.0.0/1'], 'allow_listed'],
    [['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/2'], 'allow_listed'],
    [['0.0.0.0/1', '128.0.0.0/2'], 'allow_listed'],
    [['2000::/4'], 'allow_listed'],
    // What the look-alikes miss matters: 224.0.0.0/3 is multicast and reserved, so this is everyone.
    [['0.0.0.0/1', '128.0.0.0/2', '192.0.0.0/3'], 'internet'],
    // ::/1 holds 2000::/3, every public IPv6 address; 8000::/1 holds none.
    [['::/1'], 'internet'],
    [['8000::/1'], 'private'],
    // A value that is not a CIDR is never private and never the internet.
    [['10.0.0.0/8', 'office'], 'allow_listed'],
    [['10.0.0.0/33'], 'allow_listed'],
  ] as const)('%j → %s', (cidrs, reach) => {
    expect(cidrReach(cidrs)).toBe(reach);
  });
});

describe('securityGroupReach', () => {
  it('a port range that covers the listener port opens it', () => {
    const group = securityGroup({
      IpProtocol: 'tcp',
      FromPort: 1024,
      ToPort: 65535,
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
    });
    expect(securityGroupReach([group], 8443).reach).toBe('internet');
    expect(securityGroupReach([group], 443).reach).toBe('private');
  });

  it('look-alike: UDP from anywhere does not open a TCP listener', () => {
    const group = securityGroup({
      IpProtocol: 'udp',
      FromPort: 443,
      ToPort: 443,
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
    });
    expect(securityGroupReach([group], 443).reach).toBe('private');
  });

  it('the widest of several groups wins, and the evidence names the sources', () => {
    const verdict = securityGroupReach(
      [
        securityGroup(tcpFrom(443, ['10.0.0.0/8'])),
        { ...securityGroup(tcpFrom(443, [], ['::/0'])), GroupId: 'sg-0v6' },
      ],
      443,
    );
    expect(verdict.reach).toBe('internet');
    expect(verdict.evidence.text).toMatch(/::\/0 \(sg-0v6\)/);
  });

  it('ranges split over two rules of two groups are unioned: together they are the internet', () => {
    const verdict = securityGroupReach(
      [
        securityGroup(tcpFrom(443, ['0.0.0.0/1'])),
        { ...securityGroup(tcpFrom(443, ['128.0.0.0/1'])), GroupId: 'sg-0other' },
      ],
      443,
    );
    expect(verdict.reach).toBe('internet');
  });

  it('look-alike: two halves, one on another port, leave an allow-list', () => {
    const group = securityGroup(tcpFrom(443, ['0.0.0.0/1']), tcpFrom(8443, ['128.0.0.0/1']));
    expect(securityGroupReach([group], 443).reach).toBe('allow_listed');
  });

  const listRule = (id: string): IpPermission => ({
    IpProtocol: 'tcp',
    FromPort: 443,
    ToPort: 443,
    PrefixListIds: [{ PrefixListId: id }],
  });
  const lists = (...facts: PrefixListFacts[]) => new Map(facts.map((f) => [f.prefixListId, f]));

  it('the CloudFront origin-facing list is the internet through CloudFront (medium confidence)', () => {
    const verdict = securityGroupReach(
      [securityGroup(listRule('pl-3b927c52'))],
      443,
      lists({
        prefixListId: 'pl-3b927c52',
        name: 'com.amazonaws.global.cloudfront.origin-facing',
        cidrs: ['120.52.22.96/27'],
      }),
    );
    expect(verdict).toMatchObject({ reach: 'internet', throughCloudFront: true, confidence: 'medium' });
    expect(verdict.evidence.text).toMatch(/through CloudFront/);
  });

  it.each([
    [['203.0.113.0/24', '198.51.100.7/32'], 'allow_listed'],
    [['10.0.0.0/8', '192.168.0.0/16'], 'private'],
    [['0.0.0.0/1', '128.0.0.0/1'], 'internet'],
    [[], 'private'],
  ] as const)('a customer prefix list with entries %j is judged by coverage: %s', (cidrs, reach) => {
    const verdict = securityGroupReach(
      [securityGroup(listRule('pl-0office'))],
      443,
      lists({ prefixListId: 'pl-0office', name: 'office-egress', cidrs }),
    );
    expect(verdict.reach).toBe(reach);
    expect(verdict.throughCloudFront).toBeUndefined();
  });

  it('a prefix list entry and a rule range add up to the internet', () => {
    const verdict = securityGroupReach(
      [securityGroup(listRule('pl-0half'), tcpFrom(443, ['128.0.0.0/1']))],
      443,
      lists({ prefixListId: 'pl-0half', name: 'half', cidrs: ['0.0.0.0/1'] }),
    );
    expect(verdict.reach).toBe('internet');
  });

  it.each([
    ['not collected at all', new Map<string, PrefixListFacts>()],
    [
      'listed but its entries unread',
      lists({ prefixListId: 'pl-0office', name: 'office', cidrs: undefined }),
    ],
  ])('a prefix list %s is assumed open, with low confidence (never closed)', (_, known) => {
    expect(securityGroupReach([securityGroup(listRule('pl-0office'))], 443, known)).toMatchObject({
      reach: 'internet',
      confidence: 'low',
    });
  });

  it('look-alike: a group-to-group rule admits no address range', () => {
    const group = securityGroup({
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      UserIdGroupPairs: [{ GroupId: 'sg-0bastion' }],
    });
    expect(securityGroupReach([group], 443)).toMatchObject({
      reach: 'private',
      blocker: 'security_group_closed',
    });
  });
});

describe('withinReach', () => {
  const open: EntryExposure = {
    exposure: 'public_unauthenticated',
    authentication: 'none',
    reaches: ['f'],
    evidence: [],
    confidence: 'high',
  };

  it('uncollected security groups are assumed open with low confidence', () => {
    expect(withinReach(open, uncollectedSecurityGroups(['sg-0web'], 443))).toMatchObject({
      exposure: 'public_unauthenticated',
      confidence: 'low',
    });
  });

  it('an allow-list never makes an authenticated entry weaker', () => {
    const authenticated = { ...open, exposure: 'public_authenticated' as const };
    const verdict = securityGroupReach([securityGroup(tcpFrom(443, ['203.0.113.0/24']))], 443);
    expect(withinReach(authenticated, verdict).exposure).toBe('public_authenticated');
    expect(withinReach(open, verdict).exposure).toBe('public_authenticated');
  });

  it('through CloudFront the entry stays public and says so as a typed fact', () => {
    const verdict = securityGroupReach(
      [
        securityGroup({
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          PrefixListIds: [{ PrefixListId: 'pl-cf' }],
        }),
      ],
      443,
      new Map([
        [
          'pl-cf',
          { prefixListId: 'pl-cf', name: 'com.amazonaws.global.cloudfront.origin-facing', cidrs: [] },
        ],
      ]),
    );
    expect(withinReach(open, verdict)).toMatchObject({
      exposure: 'public_unauthenticated',
      throughCloudFront: true,
      confidence: 'medium',
    });
  });
});
