/** The API's address as a browser on this machine reaches it (a wildcard bind is reached on loopback). */
export function publicApiUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable}:${port}`;
}
