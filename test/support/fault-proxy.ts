/**
 * A fault-injecting HTTP proxy between the AWS SDK and moto (set as AWS_ENDPOINT_URL): it forwards every
 * request and, at configured rates, answers instead with what AWS sends when it is overloaded or refuses:
 * throttling (400 with the protocol's throttling code, or 429), 5xx, a reset connection, a slow answer, a
 * truncated body, and AccessDenied on chosen calls every time.
 *
 * Each decision is a hash of (seed, call, attempt), not a shared random stream: the SDK's calls run
 * concurrently, and the same seed must give the same faults to the same calls whatever their order. The
 * call is identified by method, path and body; the attempt by the SDK's `amz-sdk-request` header. The error
 * bodies follow each protocol's error shape (JSON: `x-amzn-errortype` and `__type`; query: `ErrorResponse`;
 * EC2: `Response/Errors`), so the SDK classifies them as it does AWS's
 * (https://smithy.io/2.0/aws/protocols/index.html).
 */
import { createHash } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';

export type FaultKind = 'throttle' | 'serverError' | 'reset' | 'slow' | 'truncate' | 'denied';

export interface FaultRates {
  /** Share of attempts answered with throttling (half 400 ThrottlingException-like, half 429). */
  throttle?: number;
  serverError?: number;
  reset?: number;
  slow?: number;
  truncate?: number;
}

/** What a request is, as a deny rule sees it: the SigV4 signing name (`lambda`, `iam`, ...) and the call. */
export interface CallInfo {
  service: string;
  method: string;
  path: string;
  /** X-Amz-Target (JSON 1.x protocols) or Action= (query protocols). */
  operation: string;
}

export interface FaultProxyOptions {
  target: string;
  seed: number;
  rates?: FaultRates;
  /** Calls answered with AccessDenied every time. */
  deny?: (call: CallInfo) => boolean;
  /** Delay of a slow answer. */
  slowMs?: number;
}

export interface FaultFigures {
  requests: number;
  /** Attempts after the first (the SDK's retries). */
  retries: number;
  faults: Record<FaultKind, number>;
}

export interface FaultProxy {
  url: string;
  figures(): FaultFigures;
  close(): Promise<void>;
}

const ORDER: (keyof FaultRates)[] = ['throttle', 'serverError', 'reset', 'slow', 'truncate'];

/** A number in [0, 1) from the seed and the words: the same inputs, the same number. */
export function seededUnit(seed: number, ...words: string[]): number {
  const digest = createHash('sha256')
    .update(`${seed}\u0000${words.join('\u0000')}`)
    .digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

export function callInfo(
  headers: IncomingMessage['headers'],
  method: string,
  path: string,
  body: string,
): CallInfo {
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(String(headers.authorization ?? ''));
  const target = String(headers['x-amz-target'] ?? '');
  const action = /(?:^|&)Action=([^&]+)/.exec(body)?.[1] ?? '';
  return { service: scope?.[1] ?? 'unknown', method, path, operation: target || action };
}

/** Which fault (if any) this attempt of this call gets. */
export function chooseFault(
  options: FaultProxyOptions,
  call: CallInfo,
  body: string,
  attempt: number,
): FaultKind | undefined {
  if (options.deny?.(call)) return 'denied';
  const draw = seededUnit(options.seed, call.method, call.path, call.operation, body, String(attempt));
  let bound = 0;
  for (const kind of ORDER) {
    bound += options.rates?.[kind] ?? 0;
    if (draw < bound) return kind;
  }
  return undefined;
}

type Protocol = 'json' | 'query' | 'ec2';

function protocolOf(call: CallInfo, contentType: string): Protocol {
  if (call.service === 'ec2') return 'ec2';
  return contentType.includes('x-www-form-urlencoded') ? 'query' : 'json';
}

/** AWS's error answer in the protocol's shape. */
export function errorAnswer(protocol: Protocol, status: number, code: string, message: string) {
  const requestId = 'toxgraph-fault-proxy';
  if (protocol === 'json') {
    return {
      status,
      headers: {
        'content-type': 'application/json',
        'x-amzn-errortype': code,
        'x-amzn-requestid': requestId,
      },
      body: JSON.stringify({ __type: code, message, Message: message }),
    };
  }
  const error = `<Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error>`;
  return {
    status,
    headers: { 'content-type': 'text/xml' },
    body:
      protocol === 'ec2'
        ? `<?xml version="1.0" encoding="UTF-8"?><Response><Errors>${error}</Errors><RequestID>${requestId}</RequestID></Response>`
        : `<ErrorResponse>${error}<RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

const THROTTLE_CODE: Record<Protocol, string> = {
  json: 'ThrottlingException',
  query: 'Throttling',
  ec2: 'RequestLimitExceeded',
};
const DENIED_CODE: Record<Protocol, string> = {
  json: 'AccessDeniedException',
  query: 'AccessDenied',
  ec2: 'UnauthorizedOperation',
};

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const figures: FaultFigures = {
    requests: 0,
    retries: 0,
    faults: { throttle: 0, serverError: 0, reset: 0, slow: 0, truncate: 0, denied: 0 },
  };
  const target = new URL(options.target);
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = body.toString('utf8');
      const attempt = Number(
        /attempt=(\d+)/.exec(String(incoming.headers['amz-sdk-request'] ?? ''))?.[1] ?? 1,
      );
      const call = callInfo(incoming.headers, incoming.method ?? 'GET', incoming.url ?? '/', text);
      figures.requests += 1;
      if (attempt > 1) figures.retries += 1;
      const fault = chooseFault(options, call, text, attempt);
      if (fault) figures.faults[fault] += 1;
      const protocol = protocolOf(call, String(incoming.headers['content-type'] ?? ''));
      const answer = (status: number, code: string, message: string) => {
        const { headers, body: errorBody } = errorAnswer(protocol, status, code, message);
        response.writeHead(status, headers).end(errorBody);
      };
      switch (fault) {
        case 'denied':
          return answer(
            403,
            DENIED_CODE[protocol],
            `not authorized to perform ${call.operation || call.path}`,
          );
        case 'throttle':
          return attempt % 2 === 0
            ? answer(429, 'TooManyRequestsException', 'Rate exceeded')
            : answer(400, THROTTLE_CODE[protocol], 'Rate exceeded');
        case 'serverError':
          return answer(503, 'ServiceUnavailable', 'Service unavailable');
        case 'reset':
          return void incoming.socket.resetAndDestroy();
        default:
          forward(incoming, body, target, response, fault, options.slowMs ?? 1_500);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    figures: () => structuredClone(figures),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function forward(
  incoming: IncomingMessage,
  body: Buffer,
  target: URL,
  response: ServerResponse,
  fault: 'slow' | 'truncate' | undefined,
  slowMs: number,
): void {
  const upstream = httpRequest(
    {
      host: target.hostname,
      port: target.port,
      method: incoming.method,
      path: incoming.url,
      headers: { ...incoming.headers, host: target.host },
    },
    (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const full = Buffer.concat(chunks);
        const headers = { ...answer.headers, 'content-length': String(full.length) };
        delete headers['transfer-encoding'];
        const send = () => {
          response.writeHead(answer.statusCode ?? 502, headers);
          if (fault === 'truncate') {
            // Half the promised bytes, then the connection drops: a body cut in transit.
            response.write(full.subarray(0, Math.floor(full.length / 2)));
            incoming.socket.destroy();
            return;
          }
          response.end(full);
        };
        if (fault === 'slow') setTimeout(send, slowMs);
        else send();
      });
    },
  );
  upstream.on('error', () => response.writeHead(502).end());
  upstream.end(body);
}
