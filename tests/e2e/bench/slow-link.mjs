// A slow 4G link as a throttling TCP proxy in front of the app (150 ms round trip, 1.6 Mbit/s
// down, 750 kbit/s up, as Lighthouse's mobile profile), so a service worker's own fetches are
// slowed too (Chromium's network emulation would spare them). Each chunk waits half a round
// trip, then its turn on the shared line of its direction. Off until `link.slow` is set, so a
// first visit can be on a good connection.
import net from 'node:net';

export const RTT_MS = 150;
const DOWN_BPS = 1_600_000;
const UP_BPS = 750_000;

/** Starts the proxy to `target` (a URL, http or https); answers `{ base, link, close }`. */
export async function slowLink(target) {
  const link = { slow: false };
  const line = { down: 0, up: 0 };
  function pipe(from, to, dir, bps) {
    // One queue per direction of a connection, drained in order by one timer: timers due at
    // the same moment may fire out of order, and a byte stream (TLS above all) must not.
    const queue = [];
    let timer = null;
    const drain = () => {
      timer = null;
      const now = Date.now();
      while (queue.length && queue[0].at <= now) {
        const { d } = queue.shift();
        if (to.writable) to.write(d);
      }
      if (queue.length) timer = setTimeout(drain, queue[0].at - now);
    };
    from.on('data', (d) => {
      const now = Date.now();
      if (!link.slow && !queue.length) {
        to.write(d);
        return;
      }
      if (link.slow) line[dir] = Math.max(line[dir], now + RTT_MS / 2) + (d.length * 8 * 1000) / bps;
      const at = Math.max(queue.length ? queue[queue.length - 1].at : now, link.slow ? line[dir] : now);
      queue.push({ d, at });
      if (!timer) timer = setTimeout(drain, at - now);
    });
  }
  const proxy = net.createServer((client) => {
    const server = net.connect(Number(target.port), target.hostname);
    pipe(client, server, 'up', UP_BPS);
    pipe(server, client, 'down', DOWN_BPS);
    const end = () => { client.destroy(); server.destroy(); };
    client.on('error', end); server.on('error', end); client.on('close', end); server.on('close', end);
  });
  await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
  // The same scheme as the target: over HTTPS the proxy carries TLS as it is.
  return { base: `${target.protocol}//127.0.0.1:${proxy.address().port}`, link, close: () => proxy.close() };
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
