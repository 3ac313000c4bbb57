// A round-robin load balancer in front of several instances of the reference back end: each
// request goes to the next instance in turn (so one citizen's requests alternate), its body and
// answer streamed through. What a province puts in front of its servers, small enough to read.
// Run alone: `node balancer.mjs <port> <upstream> <upstream>…` prints `BALANCER_LISTENING <url>`.
import http from 'node:http';
import { pathToFileURL } from 'node:url';

/** Starts a balancer on `port` (0: any free one); `counts[i]` = requests sent to `upstreams[i]`. */
export async function startBalancer(upstreams, port = 0) {
  const targets = upstreams.map((u) => new URL(u));
  const counts = targets.map(() => 0);
  const agent = new http.Agent({ keepAlive: true });
  let next = 0;
  const server = http.createServer((req, res) => {
    const i = next++ % targets.length;
    counts[i] += 1;
    const t = targets[i];
    const upstream = http.request(
      { host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('upstream unavailable');
    });
    req.on('aborted', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    counts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(resolve);
        agent.destroy();
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [port, ...upstreams] = process.argv.slice(2);
  const b = await startBalancer(upstreams, Number(port));
  console.log(`BALANCER_LISTENING ${b.url}`);
}
