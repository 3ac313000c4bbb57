// Starts the real reference back end (the binary cargo built) on a free port with a fresh data
// folder, so every spec file talks to a real server and a real SQLite database.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class Server {
  url = '';
  private child?: ChildProcess;
  private port = 0;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'motcua-e2e-'));

  /** `args`: extra flags for the server (limits, expiry), for a test that needs its own;
   *  `dist`: another build of the app than MOTCUA_DIST (a test that deploys a new one). */
  constructor(
    private readonly args: string[] = [],
    public dist?: string,
  ) {}

  async start(): Promise<void> {
    const bin = process.env.MOTCUA_SERVER_BIN;
    const dist = this.dist ?? process.env.MOTCUA_DIST;
    if (!bin || !dist) throw new Error('MOTCUA_SERVER_BIN and MOTCUA_DIST must be set (run `cargo xtask test`)');
    const child = spawn(bin, ['--listen', `127.0.0.1:${this.port}`, '--data-dir', this.dataDir, '--dist', dist, ...this.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn' },
    });
    this.child = child;
    child.stderr!.on('data', (d) => process.stderr.write(d));
    this.url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start in 120 s')), 120_000);
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d.toString();
        const m = out.match(/MOTCUA_LISTENING (https?:\/\/\S+)/);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    this.port = Number(new URL(this.url).port);
  }

  /** Stops the server (SIGTERM, graceful) and waits until it has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }

  /** Starts again on the same port with the same data. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
