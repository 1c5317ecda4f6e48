import { describe, expect, it } from 'vitest';
import { AwsCallError, classifyAwsError, describeAwsError } from '../../src/aws/errors.js';

const sdkError = (name: string, status?: number, message = 'boom') =>
  Object.assign(new Error(message), { name, $metadata: status ? { httpStatusCode: status } : {} });

describe('classifyAwsError', () => {
  it.each([
    ['AccessDeniedException', 403, 'denied'],
    ['AccessDenied', 403, 'denied'],
    ['UnauthorizedOperation', 400, 'denied'],
    ['AuthorizationError', 403, 'denied'],
    ['AWSOrganizationsNotInUseException', 400, 'denied'],
    ['ThrottlingException', 400, 'throttled'],
    ['Throttling', 400, 'throttled'],
    ['TooManyRequestsException', 429, 'throttled'],
    ['RequestLimitExceeded', 503, 'throttled'],
    ['UnknownOperationException', 400, 'unsupported'],
    ['SyntaxError', 404, 'unsupported'],
    ['Error', 500, 'unsupported'],
    ['ResourceNotFoundException', 404, 'other'],
    ['NotFoundException', 404, 'other'],
    ['ServiceException', 500, 'other'],
  ])('%s (HTTP %s) is %s', (name, status, kind) => {
    expect(classifyAwsError(sdkError(name, status))).toBe(kind);
  });

  it('treats a refused connection as unreachable', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(classifyAwsError(error)).toBe('unreachable');
  });
});

describe('AwsCallError', () => {
  it('names the API, the AWS error, its message on one line, and the HTTP status', () => {
    const error = new AwsCallError('GetPolicy', sdkError('AccessDeniedException', 403, 'not\n  authorized'));
    expect(error.message).toBe('GetPolicy failed: AccessDeniedException: not authorized (HTTP 403)');
    expect(error.kind).toBe('denied');
    expect(describeAwsError(new Error('plain'))).toBe('plain');
  });
});
