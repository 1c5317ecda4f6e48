/**
 * A TCP relay between the CLI and the tests' Neo4j that can "kill" the server as the client sees it: when the
 * client sends a chosen query it resets every open connection and refuses new ones, which is what a
 * crashed or unplugged Neo4j looks like to the driver, without stopping the Neo4j other tests share.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface TcpCut {
  uri: string;
  /** Bytes the client has sent so far. */
  clientBytes(): number;
  /** Resets every connection and refuses new ones once the client sends a message holding `text` (a query). */
  cutOn(text: string): void;
  close(): Promise<void>;
}

export async function tcpCut(targetPort: number): Promise<TcpCut> {
  let sent = 0;
  let marker: string | undefined;
  let dead = false;
  const sockets = new Set<Socket>();
  const die = () => {
    dead = true;
    for (const socket of sockets) socket.resetAndDestroy();
  };
  const server = createServer((client) => {
    if (dead) return void client.resetAndDestroy();
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    const forget = () => {
      sockets.delete(client);
      sockets.delete(upstream);
    };
    let tail = '';
    client.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      // Bolt carries query text as UTF-8; keep the end of the last chunk for a marker cut in two.
      const text = tail + chunk.toString('latin1');
      tail = text.slice(-200);
      if (marker !== undefined && text.includes(marker)) return die();
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    for (const socket of [client, upstream] as Socket[]) {
      socket.on('error', () => undefined);
      socket.on('close', () => {
        forget();
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    uri: `bolt://127.0.0.1:${port}`,
    clientBytes: () => sent,
    cutOn: (text) => {
      marker = text;
    },
    close: () =>
      new Promise((resolve) => {
        die();
        server.close(() => resolve());
      }),
  };
}
