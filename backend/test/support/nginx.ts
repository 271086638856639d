import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './faults.js';
import { freePort } from './server-process.js';

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
/** The repository's proxy configuration, the one docker-compose.yml mounts. */
export const NGINX_CONF = join(import.meta.dirname, '..', '..', '..', 'infra', 'nginx.conf');

/** True when nginx can run here. In CI its absence is an error, never a reason to skip. */
export function nginxAvailable(): boolean {
  if (existsSync(NGINX)) return true;
  if (process.env.CI) throw new Error(`nginx not found at ${NGINX}: CI must install it (.ci/run)`);
  console.warn(`\n!!! nginx is not installed (${NGINX}): the topology suite is SKIPPED (apt-get install nginx, or set NGINX_PATH) !!!\n`);
  return false;
}

/**
 * `infra/nginx.conf` pointed at local instances: the upstream's server line becomes one line per port
 * (same parameters) and `listen 80` a loopback port. Everything else stays byte for byte; a conf whose
 * upstream or listen line no longer has the expected shape fails here rather than being tested half-changed.
 */
export function pointConfAt(conf: string, upstreamPorts: number[], listenPort: number): string {
  const server = /^(\s*)server backend:3000( [^;\n]*)?;$/m;
  const listen = /^(\s*)listen 80;$/m;
  const match = server.exec(conf);
  if (!match || !listen.test(conf) || conf.match(new RegExp(server, 'gm'))!.length !== 1) throw new Error(`${NGINX_CONF}: expected one "server backend:3000 …;" line in the upstream and one "listen 80;"`);
  const [, indent, parameters = ''] = match;
  return conf
    .replace(server, upstreamPorts.map((port) => `${indent}server 127.0.0.1:${port}${parameters};`).join('\n'))
    .replace(listen, (_line, indentation: string) => `${indentation}listen 127.0.0.1:${listenPort};`);
}

export interface AccessLine {
  client: string;
  /** Every upstream tried, in order (`127.0.0.1:A, 127.0.0.1:B` when the first failed). */
  upstreams: string[];
  status: number;
  method: string;
  uri: string;
}

/**
 * Debian's nginx in the foreground with a throwaway prefix: the repository's server block included from
 * a minimal main file that adds only what a main file must have (events, temp paths, logs). The access
 * log says which upstream served each request, which is how the tests see stickiness and failover.
 */
export class Nginx {
  private constructor(
    private readonly dir: string,
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly output: { text: string },
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(upstreamPorts: number[]): Promise<Nginx> {
    const dir = mkdtempSync(join(tmpdir(), 'marhaba-nginx-'));
    // As root (CI) the workers run as `nobody`: they must reach the temp folders.
    chmodSync(dir, 0o755);
    for (const temp of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
      mkdirSync(join(dir, temp));
      chmodSync(join(dir, temp), 0o777);
    }
    const port = await freePort();
    writeFileSync(join(dir, 'site.conf'), pointConfAt(readFileSync(NGINX_CONF, 'utf8'), upstreamPorts, port));
    writeFileSync(
      join(dir, 'nginx.conf'),
      [
        'worker_processes 1;',
        'events { worker_connections 4096; }',
        'http {',
        `  log_format topology '$remote_addr|$upstream_addr|$status|$request_method|$request_uri';`,
        `  access_log ${join(dir, 'access.log')} topology;`,
        ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((temp) => `  ${temp === 'body' ? 'client_body' : temp}_temp_path ${join(dir, temp)};`),
        `  include ${join(dir, 'site.conf')};`,
        '}',
        '',
      ].join('\n'),
    );
    const output = { text: '' };
    const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log'), '-g', `daemon off; pid ${join(dir, 'nginx.pid')};`], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (output.text += d));
    child.stderr!.on('data', (d) => (output.text += d));
    const nginx = new Nginx(dir, child, port, output);
    await waitFor(
      'nginx to answer',
      async () => {
        if (child.exitCode !== null) throw new Error(`nginx exited: ${output.text}${nginx.errorLog()}`);
        return (await fetch(`${nginx.baseUrl}/api/health/live`, { signal: AbortSignal.timeout(2_000) })).ok;
      },
      20_000,
      50,
    );
    return nginx;
  }

  /** The access log so far, parsed. */
  accessLog(): AccessLine[] {
    const file = join(this.dir, 'access.log');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [client, upstreams, status, method, uri] = line.split('|');
        return { client: client!, upstreams: upstreams!.split(/[,:] (?=\d)/).map((u) => u.trim()), status: Number(status), method: method!, uri: uri! };
      });
  }

  errorLog(): string {
    const file = join(this.dir, 'error.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      // Fast shutdown: a graceful one (SIGQUIT) would wait for clients the test left open.
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
