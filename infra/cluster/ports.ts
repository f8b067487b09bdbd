import net from 'node:net';

/**
 * A free TCP port below 32768. Temporal stores membership ports in a PostgreSQL smallint column,
 * so the OS's ephemeral ports (32768 and up on Linux) are refused there; pick at random in a range
 * below, and check that it binds.
 */
export async function freeLowPort(from = 20_000, to = 32_000): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = from + Math.floor(Math.random() * (to - from));
    if (await canBind(port)) return port;
  }
  throw new Error(`no free TCP port between ${from} and ${to}`);
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
