/**
 * What a collection covers, from the command's flags: which accounts (the caller's, a list reached through
 * an assumable role, or the whole organization) and which regions (the configured one, a list, or every
 * enabled region). Parsing is pure; resolving `all` and `--org` asks AWS.
 */
import { InputError } from '../errors.js';

export type RegionChoice = { kind: 'configured' } | { kind: 'all' } | { kind: 'list'; regions: string[] };
export type AccountChoice = { kind: 'caller' } | { kind: 'org' } | { kind: 'list'; accounts: string[] };

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT_ID = /^\d{12}$/;

export function parseRegions(value: string | undefined): RegionChoice {
  if (value === undefined) return { kind: 'configured' };
  if (value.trim() === 'all') return { kind: 'all' };
  const regions = splitList(value);
  const bad = regions.filter((region) => !REGION.test(region));
  if (regions.length === 0 || bad.length > 0) {
    throw new InputError(
      `--regions: expected "all" or a comma-separated list of AWS regions (us-east-1,eu-west-1), got "${value}"`,
    );
  }
  return { kind: 'list', regions };
}

export function parseAccounts(options: {
  accounts?: string;
  org?: boolean;
  assumeRole?: string;
}): AccountChoice {
  if (options.org && options.accounts !== undefined) {
    throw new InputError('--org and --accounts exclude each other: --org already means every account');
  }
  if (options.assumeRole !== undefined && !/^[\w+=,.@/-]{1,512}$/.test(options.assumeRole)) {
    throw new InputError(
      `--assume-role: expected a role name (optionally with a path), got "${options.assumeRole}"`,
    );
  }
  if (options.org) {
    if (!options.assumeRole)
      throw new InputError('--org needs --assume-role NAME: the role to assume in each account');
    return { kind: 'org' };
  }
  if (options.accounts === undefined) return { kind: 'caller' };
  const accounts = splitList(options.accounts);
  const bad = accounts.filter((account) => !ACCOUNT_ID.test(account));
  if (accounts.length === 0 || bad.length > 0) {
    throw new InputError(
      `--accounts: expected comma-separated 12-digit account ids, got "${options.accounts}"`,
    );
  }
  return { kind: 'list', accounts };
}

/** The role ARN to assume in an account, in the caller's partition. */
export function roleArnIn(accountId: string, roleName: string, partition: string): string {
  const name = roleName.replace(/^\/+/, '');
  return `arn:${partition}:iam::${accountId}:role/${name}`;
}

/**
 * `aws`, `aws-cn`, `aws-us-gov` from the caller's ARN (sts:GetCallerIdentity). Without it the partition of
 * every ARN the scan builds would be a guess: stop instead.
 */
export function partitionOf(arn: string | undefined): string {
  const partition = arn?.startsWith('arn:') ? arn.split(':')[1] : undefined;
  if (!partition)
    throw new InputError(
      `sts:GetCallerIdentity returned Arn ${JSON.stringify(arn ?? null)}, expected an ARN (arn:PARTITION:...): the partition of the scanned accounts is unknown`,
    );
  return partition;
}

function splitList(value: string): string[] {
  return [
    ...new Set(
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    ),
  ];
}
