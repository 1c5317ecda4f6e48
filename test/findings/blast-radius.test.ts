import { describe, expect, it } from 'vitest';
import { BLAST_RADIUS_TOP, blastRadius, type ReachedStore } from '../../src/findings/blast-radius.js';

const store = (
  arn: string,
  label: string,
  access: string[],
  sensitivity: string | null = null,
): ReachedStore => ({
  arn,
  labels: ['DataStore', label],
  name: arn.split(':').at(-1) ?? arn,
  access,
  sensitivity,
});

const stores: ReachedStore[] = [
  store('arn:aws:s3:::acme-images', 'S3Bucket', ['CAN_WRITE', 'CAN_READ']),
  store(
    'arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/key-Ab12Cd',
    'SecretsManagerSecret',
    ['CAN_READ'],
    'secret',
  ),
  store('arn:aws:s3:::acme-site', 'S3Bucket', ['CAN_WRITE']),
  store(
    'arn:aws:ssm:us-east-1:111111111111:parameter/prod/db',
    'SSMParameter',
    ['CAN_READ'],
    'secure_string',
  ),
  store('arn:aws:kms:us-east-1:111111111111:key/1234', 'KMSKey', ['CAN_DECRYPT'], 'key_protects_data'),
];

describe('blastRadius', () => {
  it('is empty without reached stores', () => {
    expect(blastRadius([])).toBeUndefined();
  });

  it('counts per kind, sensitive first, reading before writing', () => {
    const radius = blastRadius(stores)!;
    expect(radius.counts).toEqual({ s3_bucket: 2, secret: 1, ssm_parameter: 1, kms_key: 1 });
    expect(radius.sensitive).toBe(3);
    expect(radius.top.map((item) => item.name)).toEqual([
      'prod/key-Ab12Cd',
      'parameter/prod/db',
      'key/1234',
      'acme-images',
      'acme-site',
    ]);
    expect(radius.top[3]!.access).toEqual(['CAN_READ', 'CAN_WRITE']);
  });

  it('serialises identically whatever order the rows came in (a reload must not change a finding)', () => {
    const forward = JSON.stringify(blastRadius(stores));
    for (const order of [[...stores].reverse(), [stores[2]!, stores[4]!, stores[0]!, stores[3]!, stores[1]!]])
      expect(JSON.stringify(blastRadius(order))).toBe(forward);
  });

  it(`keeps the ${BLAST_RADIUS_TOP} most sensitive items and counts them all`, () => {
    const many = Array.from({ length: BLAST_RADIUS_TOP + 5 }, (_, index) =>
      store(`arn:aws:s3:::bucket-${String(index).padStart(2, '0')}`, 'S3Bucket', ['CAN_READ']),
    );
    const radius = blastRadius(many)!;
    expect(radius.top).toHaveLength(BLAST_RADIUS_TOP);
    expect(radius.counts).toEqual({ s3_bucket: BLAST_RADIUS_TOP + 5 });
  });
});
