import { describe, expect, it } from 'vitest';
import type { EntryExposure } from '../../../src/analysis/exposure/exposure-class.js';
import {
  cidrReach,
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

  it('a prefix list (e.g. CloudFront origin-facing) admits some public addresses', () => {
    const group = securityGroup({
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      PrefixListIds: [{ PrefixListId: 'pl-3b927c52' }],
    });
    expect(securityGroupReach([group], 443).reach).toBe('allow_listed');
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
});
