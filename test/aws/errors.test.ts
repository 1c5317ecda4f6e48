/**
 * What an AWS error may conclude (docs/collection-faults.md). Two tables: errors in the shapes the AWS SDK
 * v3 builds (service exceptions of the SDK's own classes; the deserialization and network errors as the
 * SDK leaves them), and the same SDK sending real requests to a loopback server that answers with the
 * bytes AWS, an emulator or a broken connection would send.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  GetFunctionUrlConfigCommand,
  LambdaClient,
  ResourceNotFoundException,
  ServiceException,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AwsCallError,
  type AwsFaultKind,
  classifyAwsError,
  describeAwsError,
  isAwsNotFound,
  mayLackOperation,
} from '../../src/aws/errors.js';

const metadata = (httpStatusCode: number) => ({ httpStatusCode, requestId: 'r-1', attempts: 1 });

/** A service exception as the SDK builds it from an AWS error answer of a JSON protocol. */
const typed = (
  name: string,
  status: number,
  fault: 'client' | 'server' = status < 500 ? 'client' : 'server',
) => Object.assign(new Error(`${name} message`), { name, $fault: fault, $metadata: metadata(status) });

/** A body the SDK could not parse: the JS error, plus the `$metadata` its deserializer adds. */
const unparsed = (name: string, status: number) =>
  Object.assign(new Error('Unexpected end of JSON input'), { name, $metadata: metadata(status) });

/** A connection that broke: the Node error the SDK's HTTP handler rethrows (it renames resets TimeoutError). */
const network = (name: string, code: string) => Object.assign(new Error(`read ${code}`), { name, code });

const LAMBDA_NOT_FOUND = ['ResourceNotFoundException'];

interface Row {
  shape: string;
  error: unknown;
  kind: AwsFaultKind;
  notFound: boolean;
  mayLack: boolean;
}

const rows: Row[] = [
  // Typed AWS answers: the only ones that conclude anything.
  {
    shape: 'Lambda ResourceNotFoundException (SDK class, 404)',
    error: new ResourceNotFoundException({ $metadata: metadata(404), message: 'Function not found' }),
    kind: 'other',
    notFound: true,
    mayLack: false,
  },
  {
    shape: 'Lambda TooManyRequestsException (SDK class, 429)',
    error: new TooManyRequestsException({ $metadata: metadata(429), message: 'Rate exceeded' }),
    kind: 'throttled',
    notFound: false,
    mayLack: false,
  },
  {
    shape: 'Lambda ServiceException (SDK class, 500)',
    error: new ServiceException({ $metadata: metadata(500), message: 'internal' }),
    kind: 'other',
    notFound: false,
    mayLack: false,
  },
  {
    shape: 'AccessDeniedException 403',
    error: typed('AccessDeniedException', 403),
    kind: 'denied',
    notFound: false,
    mayLack: false,
  },
  {
    shape: 'IAM AccessDenied 403',
    error: typed('AccessDenied', 403),
    kind: 'denied',
    notFound: false,
    mayLack: false,
  },
  {
    shape: 'EC2 UnauthorizedOperation 400',
    error: typed('UnauthorizedOperation', 400),
    kind: 'denied',
    notFound: false,
    mayLack: false,
  },
  {
    shape: 'SNS-style AuthorizationError 403',
    error: typed('AuthorizationError', 403),
    kind: 'denied',
    notFound: false,
    mayLack: false,
  },
  {
    shape: 'Organizations AWSOrganizationsNotInUseException 400',
    error: typed('AWSOrganizationsNotInUseException', 400),
    kind: 'denied',
    notFound: false,
    mayLack: false,
  },
  {
    shape: 'ThrottlingException 400',
    error: typed('ThrottlingException', 400),
    kind: 'throttled',
    notFound: false,
    mayLack: false,
  },
  {
    shape: 'query Throttling 400',
    error: typed('Throttling', 400),
    kind: 'throttled',
    notFound: false,
    mayLack: false,
  },
  {
    shape: 'EC2 RequestLimitExceeded 503',
    error: typed('RequestLimitExceeded', 503),
    kind: 'throttled',
    notFound: false,
    mayLack: false,
  },
  {
    shape: 'UnknownOperationException 400',
    error: typed('UnknownOperationException', 400),
    kind: 'unsupported',
    notFound: false,
    mayLack: true,
  },
  {
    shape: 'query InvalidAction 400',
    error: typed('InvalidAction', 400),
    kind: 'unsupported',
    notFound: false,
    mayLack: true,
  },
  {
    shape: 'API Gateway NotFoundException 404',
    error: typed('NotFoundException', 404),
    kind: 'other',
    notFound: false,
    mayLack: false,
  },
  {
    shape: 'typed ServiceUnavailable 503',
    error: typed('ServiceUnavailable', 503),
    kind: 'other',
    notFound: false,
    mayLack: false,
  },
  {
    shape: 'ResourceNotFoundException with a server fault (5xx)',
    error: typed('ResourceNotFoundException', 500, 'server'),
    kind: 'other',
    notFound: false,
    mayLack: false,
  },
  // Untyped answers: never a conclusion about the estate.
  {
    shape: 'HTML 404 (no such route)',
    error: unparsed('SyntaxError', 404),
    kind: 'other',
    notFound: false,
    mayLack: true,
  },
  { shape: 'empty 500', error: typed('Unknown', 500), kind: 'other', notFound: false, mayLack: true },
  {
    shape: 'JSON 404 without an error type',
    error: typed('Unknown', 404),
    kind: 'other',
    notFound: false,
    mayLack: true,
  },
  {
    shape: 'unparseable 200',
    error: unparsed('SyntaxError', 200),
    kind: 'other',
    notFound: false,
    mayLack: false,
  },
  { shape: 'untyped 403', error: unparsed('Error', 403), kind: 'other', notFound: false, mayLack: false },
  { shape: 'untyped 429', error: unparsed('Error', 429), kind: 'other', notFound: false, mayLack: false },
  {
    shape: 'untyped 501',
    error: unparsed('Error', 501),
    kind: 'unsupported',
    notFound: false,
    mayLack: true,
  },
  {
    shape: 'ResourceNotFoundException name without $fault (not built by the SDK from an answer)',
    error: Object.assign(new Error('x'), { name: 'ResourceNotFoundException' }),
    kind: 'other',
    notFound: false,
    mayLack: false,
  },
  // Broken connections, whatever status line came first.
  {
    shape: 'connection reset',
    error: network('TimeoutError', 'ECONNRESET'),
    kind: 'unreachable',
    notFound: false,
    mayLack: false,
  },
  {
    shape: 'body cut after a 404 status line',
    error: Object.assign(network('TimeoutError', 'ECONNRESET'), { $metadata: metadata(404) }),
    kind: 'unreachable',
    notFound: false,
    mayLack: false,
  },
  {
    shape: 'connection refused',
    error: network('Error', 'ECONNREFUSED'),
    kind: 'unreachable',
    notFound: false,
    mayLack: false,
  },
  {
    shape: 'broken pipe',
    error: network('Error', 'EPIPE'),
    kind: 'unreachable',
    notFound: false,
    mayLack: false,
  },
  { shape: 'not an object', error: 'boom', kind: 'other', notFound: false, mayLack: false },
  { shape: 'undefined', error: undefined, kind: 'other', notFound: false, mayLack: false },
];

describe('what an AWS error concludes, by shape', () => {
  it.each(rows)('$shape: $kind, not found $notFound, may lack the operation $mayLack', (row) => {
    expect(classifyAwsError(row.error)).toBe(row.kind);
    expect(isAwsNotFound(row.error, LAMBDA_NOT_FOUND)).toBe(row.notFound);
    expect(mayLackOperation(row.error)).toBe(row.mayLack);
  });

  it('a not-found is only the names the API documents', () => {
    const error = typed('ResourceNotFoundException', 404);
    expect(isAwsNotFound(error, ['NotFoundException'])).toBe(false);
    expect(isAwsNotFound(typed('NotFoundException', 404), ['NotFoundException'])).toBe(true);
  });
});

/** Answers of the loopback server, one per request path. */
type Answer = (request: IncomingMessage, response: ServerResponse) => void;
const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Answer =>
  (_, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  };
const cut =
  (status: number, body: string, headers: Record<string, string> = {}): Answer =>
  (request, response) => {
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(body.length),
      ...headers,
    });
    response.write(body.slice(0, Math.floor(body.length / 2)));
    request.socket.destroy();
  };
const URL_CONFIG = {
  FunctionUrl: 'https://abc.lambda-url.us-east-1.on.aws/',
  FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f',
  AuthType: 'NONE',
};

const wire: { shape: string; answer: Answer; kind: AwsFaultKind; notFound: boolean; mayLack: boolean }[] = [
  {
    shape: 'ResourceNotFoundException as Lambda sends it',
    answer: json(
      404,
      { Type: 'User', Message: 'The resource you requested does not exist.' },
      { 'x-amzn-errortype': 'ResourceNotFoundException' },
    ),
    kind: 'other',
    notFound: true,
    mayLack: false,
  },
  {
    shape: 'a reset before any answer',
    answer: (request) => request.socket.resetAndDestroy(),
    kind: 'unreachable',
    notFound: false,
    mayLack: false,
  },
  {
    shape: 'a ResourceNotFoundException whose body is cut',
    answer: cut(
      404,
      JSON.stringify({ Type: 'User', Message: 'The resource you requested does not exist.' }),
      {
        'x-amzn-errortype': 'ResourceNotFoundException',
      },
    ),
    kind: 'unreachable',
    notFound: false,
    mayLack: false,
  },
  {
    shape: 'a URL config whose body is cut',
    answer: cut(200, JSON.stringify(URL_CONFIG)),
    kind: 'unreachable',
    notFound: false,
    mayLack: false,
  },
  {
    shape: 'an HTML 404 (an endpoint without the route)',
    answer: (_, response) =>
      response.writeHead(404, { 'content-type': 'text/html' }).end('<html>Not Found</html>'),
    kind: 'other',
    notFound: false,
    mayLack: true,
  },
  {
    shape: 'an empty 500',
    answer: (_, response) => response.writeHead(500).end(),
    kind: 'other',
    notFound: false,
    mayLack: true,
  },
  {
    shape: 'a 200 whose JSON is malformed but complete',
    answer: (_, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"FunctionUrl'),
    kind: 'other',
    notFound: false,
    mayLack: false,
  },
  {
    shape: 'a 404 in AWS JSON without an error type',
    answer: json(404, { Message: 'The resource you requested does not exist.' }),
    kind: 'other',
    notFound: false,
    mayLack: true,
  },
];

describe('what the AWS SDK makes of answers on the wire', () => {
  let server: ReturnType<typeof createServer>;
  let endpoint = '';
  const answers = new Map<string, Answer>();
  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const name = decodeURIComponent(/functions\/([^/]+)\//.exec(request.url ?? '')?.[1] ?? '');
        answers.get(name)?.(request, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it.each(wire.map((row, index) => ({ ...row, index })))(
    '$shape: $kind, not found $notFound, may lack the operation $mayLack',
    async (row) => {
      const name = `fn-${row.index}`;
      answers.set(name, row.answer);
      const client = new LambdaClient({
        region: 'us-east-1',
        endpoint,
        maxAttempts: 1,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' },
      });
      const error = await client.send(new GetFunctionUrlConfigCommand({ FunctionName: name })).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      client.destroy();
      expect(error).toBeDefined();
      expect(classifyAwsError(error)).toBe(row.kind);
      expect(isAwsNotFound(error, LAMBDA_NOT_FOUND)).toBe(row.notFound);
      expect(mayLackOperation(error)).toBe(row.mayLack);
    },
  );
});

describe('AwsCallError', () => {
  it('names the API, the AWS error, its message on one line, and the HTTP status', () => {
    const cause = Object.assign(typed('AccessDeniedException', 403), { message: 'not\n  authorized' });
    const error = new AwsCallError('GetPolicy', cause);
    expect(error.message).toBe('GetPolicy failed: AccessDeniedException: not authorized (HTTP 403)');
    expect(error.kind).toBe('denied');
    expect(describeAwsError(new Error('plain'))).toBe('plain');
  });
});
