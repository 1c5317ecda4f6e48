/**
 * What an AWS error means for a collection: the caller may not read this (denied), AWS kept throttling
 * after every retry (throttled), the endpoint does not implement the API (unsupported, e.g. an emulator), or
 * something else. The first three stop only their unit; the scan goes on and records the gap.
 */
import { errorMessage } from '../errors.js';

export type AwsFaultKind = 'denied' | 'throttled' | 'unsupported' | 'unreachable' | 'other';

interface SdkErrorShape {
  name?: string;
  code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
}

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'AuthorizationError',
  'AuthFailure',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'OptInRequired',
  'AWSOrganizationsNotInUseException',
]);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);
const UNSUPPORTED = new Set([
  'UnknownOperationException',
  'NotImplemented',
  'NotImplementedException',
  'InvalidAction',
]);
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ECONNRESET',
  'ETIMEDOUT',
  'TimeoutError',
]);

export function classifyAwsError(error: unknown): AwsFaultKind {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const name = shape.name ?? '';
  const status = shape.$metadata?.httpStatusCode;
  if (DENIED.has(name) || status === 403) return 'denied';
  if (THROTTLED.has(name) || status === 429) return 'throttled';
  if (UNSUPPORTED.has(name) || status === 501) return 'unsupported';
  if (UNREACHABLE.has(name) || UNREACHABLE.has(shape.code ?? '')) return 'unreachable';
  // An endpoint without the operation answers 404 or 500 with a body that is no AWS error (HTML, empty):
  // the SDK then fails to deserialize it, which is what emulators do for APIs they lack.
  if ((status === 404 || status === 500) && !isModeledAwsError(name)) return 'unsupported';
  return 'other';
}

/** Names of errors AWS declares in its models end in Exception/Error/Fault or are well-known codes. */
function isModeledAwsError(name: string): boolean {
  return /(Exception|Fault|NotFound|NotFoundException)$/.test(name) && name !== 'SyntaxError';
}

/** The error as a gap records it: its AWS name and message on one line. */
export function describeAwsError(error: unknown): string {
  const name = (error as SdkErrorShape | undefined)?.name;
  const message = errorMessage(error).replace(/\s+/g, ' ').trim().slice(0, 300);
  const status = (error as SdkErrorShape | undefined)?.$metadata?.httpStatusCode;
  const prefix = name && name !== 'Error' ? `${name}: ` : '';
  return `${prefix}${message}${status ? ` (HTTP ${status})` : ''}`;
}

/** An AWS call failed: carries where (account, region, service), which API, and why. */
export class AwsCallError extends Error {
  readonly kind: AwsFaultKind;
  constructor(
    readonly api: string,
    override readonly cause: unknown,
  ) {
    super(`${api} failed: ${describeAwsError(cause)}`);
    this.name = 'AwsCallError';
    this.kind = classifyAwsError(cause);
  }
}
