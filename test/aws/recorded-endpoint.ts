/**
 * An AWS endpoint for the APIs moto lacks or answers differently from AWS: requests that match a route
 * get a canned response from test/fixtures/aws/; every other request goes to moto unchanged. The canned
 * responses were written by hand in AWS's wire shape (from the API models and the documentation's
 * examples), not captured from a live account: see test/fixtures/aws/README.md. The collector under test
 * runs as users run it, with AWS_ENDPOINT_URL set here.
 */
import { readFileSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';

export interface RecordedRoute {
  method: string;
  /** Matched against the request path with its query string. */
  path: RegExp;
  fixture: string;
}

/** moto answers, and the body is amended before it goes back (a member moto drops, added as AWS sends it). */
export interface AmendedRoute {
  method: string;
  path: RegExp;
  amend: (body: string) => string;
}

export interface RecordedEndpoint {
  url: string;
  /** `METHOD path` of every request answered from a fixture. */
  answered: string[];
  close: () => Promise<void>;
}

const fixture = (name: string) => readFileSync(new URL(`../fixtures/aws/${name}`, import.meta.url));

export function startRecordedEndpoint(
  motoUrl: string,
  routes: RecordedRoute[],
  amended: AmendedRoute[] = [],
): Promise<RecordedEndpoint> {
  const answered: string[] = [];
  const upstream = new URL(motoUrl);
  const server: Server = createServer((request, response) => {
    const route = routes.find(
      (entry) => entry.method === request.method && entry.path.test(request.url ?? ''),
    );
    if (route) {
      request.resume();
      answered.push(`${request.method} ${request.url}`);
      response.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': 'recorded' });
      response.end(fixture(route.fixture));
      return;
    }
    const amend = amended.find(
      (entry) => entry.method === request.method && entry.path.test(request.url ?? ''),
    );
    forwardTo(
      upstream,
      request,
      response,
      undefined,
      amend &&
        ((text) => {
          answered.push(`${request.method} ${request.url} (amended)`);
          return amend.amend(text);
        }),
    );
  });
  return listenLocally(server).then((url) => ({
    url,
    answered,
    close: () => new Promise<void>((done) => server.close(() => done())),
  }));
}

/**
 * Sends the request to `upstream` unchanged (its body: `body`, or the request stream) and relays the answer,
 * its body passed through `rewrite` when one is given.
 */
export function forwardTo(
  upstream: URL,
  request: IncomingMessage,
  response: ServerResponse,
  body?: Buffer,
  rewrite?: (text: string) => string,
): void {
  const forward = httpRequest(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: request.method,
      path: request.url,
      headers: request.headers,
    },
    (answer) => {
      if (!rewrite) {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const text = Buffer.from(rewrite(Buffer.concat(chunks).toString('utf8')));
        response.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'content-length': text.length });
        response.end(text);
      });
    },
  );
  forward.on('error', (error) => {
    response.writeHead(502);
    response.end(String(error));
  });
  if (body) forward.end(body);
  else request.pipe(forward);
}

/** Listens on a free port of 127.0.0.1; resolves to the server's base URL. */
export function listenLocally(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
    }),
  );
}
