// A D-Bus session bus that accepts connections and never answers (a stopped dbus-daemon whose socket
// still listens): point DBUS_SESSION_BUS_ADDRESS at `address`. Records every connection, so a test can see
// that the client connected and that the connection closed (the helper process was killed).
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';

export interface SilentBus {
  address: string;
  /** Connections accepted so far, with whether each has closed. */
  connections: Array<{ closed: boolean; closedAt?: number }>;
  /** Resolves at the next accepted connection. */
  nextConnection(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSilentBus(dir: string): Promise<SilentBus> {
  const path = join(dir, 'silent-bus.sock');
  const sockets = new Set<Socket>();
  const connections: SilentBus['connections'] = [];
  let waiting: Array<() => void> = [];
  const server: Server = createServer((socket) => {
    const record: SilentBus['connections'][number] = { closed: false };
    connections.push(record);
    sockets.add(socket);
    socket.on('data', () => undefined); // read the auth handshake, answer nothing
    socket.on('error', () => undefined);
    socket.on('close', () => {
      record.closed = true;
      record.closedAt = Date.now();
      sockets.delete(socket);
    });
    const wake = waiting;
    waiting = [];
    for (const resolve of wake) resolve();
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    address: `unix:path=${path}`,
    connections,
    nextConnection: () => new Promise((resolve) => waiting.push(resolve)),
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
