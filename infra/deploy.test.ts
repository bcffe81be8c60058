import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { regionIdPattern } from '@vantage/domain';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig as loadControlPlaneConfig } from '../apps/control-plane/src/config.ts';
import { parseConfig as parseProbeConfig } from '../apps/probe/src/config.ts';
import { loadConfig as loadWebConfig } from '../apps/web/src/lib/server/config.ts';

// Static checks of docker-compose.yml and apps/*/Dockerfile: no Docker engine runs here, so what can be
// checked is their structure, and that the environment they give each app passes that app's own config parser.
const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

// ---------------------------------------------------------------------------------------------- compose

type Env = Record<string, string>;
interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string | number | boolean>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
  command?: string[];
  restart?: string;
}

const composeText = read('docker-compose.yml');
const compose = parse(composeText, { merge: true }) as { services: Record<string, Service>; volumes: object };
const services = compose.services;
const exampleEnv: Env = Object.fromEntries(
  read('.env.example')
    .split('\n')
    .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);
/** .env.example with every required secret filled in, as an operator's .env would be. */
const filledEnv: Env = {
  ...exampleEnv,
  POSTGRES_PASSWORD: 'pg0secret',
  CLICKHOUSE_PASSWORD: 'ch0secret',
  REDIS_PASSWORD: 'redis0secret',
  APP_KEY: Buffer.alloc(32, 7).toString('base64'),
};
const variablePattern = /(?<!\$)\$\{([A-Z0-9_]+)(?:(:?[-?])([^}]*))?\}/g;

/** Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR:?error} and $$ for a literal $. */
function interpolate(value: string, env: Env): string {
  return value
    .replace(variablePattern, (_match, name: string, operator?: string, operand?: string) => {
      const current = env[name] ?? '';
      if (operator === ':?' && current === '') throw new Error(`${name}: ${operand}`);
      if (operator === ':-' && current === '') return operand ?? '';
      return current;
    })
    .replaceAll('$$', '$');
}

function environmentOf(name: string, env: Env = filledEnv): Env {
  const raw = services[name]?.environment ?? {};
  return Object.fromEntries(
    Object.entries(raw).map(([key, value]) => [key, interpolate(String(value), env)]),
  );
}

/** Services that run once and exit (others wait for them with service_completed_successfully). */
const oneShots = new Set(
  Object.values(services).flatMap((service) =>
    Object.entries(service.depends_on ?? {})
      .filter(([, dependency]) => dependency.condition === 'service_completed_successfully')
      .map(([name]) => name),
  ),
);
const probeServices = Object.entries(services).filter(
  ([, s]) => s.build?.dockerfile === 'apps/probe/Dockerfile',
);

/** Where a named volume is mounted in a service. */
function mountOf(service: Service, volume: string): string | undefined {
  return service.volumes?.map((entry) => entry.split(':')).find(([source]) => source === volume)?.[1];
}

/** The named volume mounted at `dir` in `service`, and the one-shot that writes it. */
function producerOf(service: Service, dir: string): { volume: string; name: string; target: string } {
  const volume = service.volumes?.map((entry) => entry.split(':')).find(([, target]) => target === dir)?.[0];
  expect(volume, `a volume mounted at ${dir}`).toBeDefined();
  const [name, producer] = Object.entries(services).find(([n, s]) => oneShots.has(n) && mountOf(s, volume!))!;
  return { volume: volume!, name, target: mountOf(producer, volume!)! };
}

describe('docker-compose.yml', () => {
  const knownKeys = new Set(
    'build image command entrypoint environment env_file depends_on ports volumes healthcheck restart read_only tmpfs cap_drop cap_add security_opt user ulimits networks labels init stop_grace_period working_dir'.split(
      ' ',
    ),
  );

  it('defines only services, volumes and x- extensions, with known service keys', () => {
    expect(Object.keys(compose).filter((key) => !key.startsWith('x-'))).toEqual(['services', 'volumes']);
    for (const [name, service] of Object.entries(services)) {
      expect(
        Object.keys(service).filter((key) => !knownKeys.has(key)),
        name,
      ).toEqual([]);
    }
  });

  it('gives every service an image or a build whose Dockerfile exists', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.image ?? service.build, name).toBeTruthy();
      if (service.build) expect(existsSync(join(root, service.build.dockerfile)), name).toBe(true);
    }
  });

  it('health-checks every long-running service; one-shots do not restart', () => {
    for (const [name, service] of Object.entries(services)) {
      if (oneShots.has(name)) {
        expect(service.restart, name).toBe('no');
        continue;
      }
      expect(service.healthcheck?.test[0], name).toMatch(/^CMD(-SHELL)?$/);
      expect(service.restart, name).toBe('unless-stopped');
    }
  });

  it('waits only on services that exist and can become healthy, and declares every named volume', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services[dependency], `${name} → ${dependency}`).toBeDefined();
        if (condition === 'service_healthy') expect(services[dependency]?.healthcheck).toBeDefined();
      }
      for (const entry of service.volumes ?? []) {
        expect(Object.keys(compose.volumes), `${name}: ${entry}`).toContain(entry.split(':')[0]);
      }
    }
  });

  it('reads every variable from .env, and .env.example lists exactly those', () => {
    const used = new Set([...composeText.matchAll(variablePattern)].map((match) => match[1]!));
    expect([...used].sort()).toEqual(Object.keys(exampleEnv).sort());
  });

  it('commits no secret: passwords and keys are required from .env and empty in .env.example', () => {
    const required = [...composeText.matchAll(variablePattern)].filter((match) => match[2] === ':?');
    const secrets = new Set(required.map((match) => match[1]!));
    expect([...secrets].sort()).toEqual([
      'APP_KEY',
      'CLICKHOUSE_PASSWORD',
      'POSTGRES_PASSWORD',
      'REDIS_PASSWORD',
    ]);
    for (const secret of secrets) expect(exampleEnv[secret], secret).toBe('');
    expect(() => environmentOf('control-plane', exampleEnv)).toThrow(/set .* in \.env/);
    for (const [name] of Object.entries(services)) {
      for (const [key, value] of Object.entries(services[name]?.environment ?? {})) {
        const text = String(value);
        if (/PASSWORD|SECRET|TOKEN$|APP_KEY/.test(key))
          expect(text, `${name} ${key}`).toMatch(/^\$\{[^}]+\}$/);
        const password = /:\/\/[^:/@]*:([^@]*)@/.exec(text)?.[1];
        if (password !== undefined) expect(password, `${name} ${key}`).toMatch(/^\$\{[^}]+\}$/);
      }
    }
    expect(composeText).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY|vp_[A-Za-z0-9_-]{16,}/);
  });

  it('gives the control plane an environment its config accepts, with TLS files from the grpc-tls one-shot', () => {
    const env = environmentOf('control-plane');
    const config = loadControlPlaneConfig(env);
    expect(config.results).toEqual({ url: 'http://vantage:ch0secret@clickhouse:8123' });
    expect(config.grpc.tls).not.toBeNull();
    const service = services['control-plane']!;
    for (const file of [env.GRPC_TLS_CERT_FILE!, env.GRPC_TLS_KEY_FILE!]) {
      const producer = producerOf(service, posix.dirname(file));
      expect(services[producer.name]?.command?.join(' ')).toContain(
        `${producer.target}/${posix.basename(file)}`,
      );
    }
    // The published container ports are the ones the API and gRPC listen on.
    const published = (service.ports ?? []).map((port) =>
      Number(interpolate(port, filledEnv).split(':').at(-1)),
    );
    expect(published).toEqual([config.port, config.grpc.port]);
  });

  it('gives the web app the control plane and its own public URL', () => {
    const config = loadWebConfig(environmentOf('web'));
    expect(config.controlPlaneUrl).toBe(
      `http://control-plane:${loadControlPlaneConfig(environmentOf('control-plane')).port}`,
    );
    expect(config.webOrigin).toBe(new URL(environmentOf('control-plane').WEB_URL!).origin);
  });

  it('runs probes in two regions, each with a token the probe-tokens one-shot issues and the CA the probes trust', () => {
    const regions = probeServices.map(([, service]) => String(service.environment?.VANTAGE_REGION));
    expect(new Set(regions).size).toBeGreaterThanOrEqual(2);
    for (const [name, service] of probeServices) {
      const env = environmentOf(name);
      expect(env.VANTAGE_REGION).toMatch(regionIdPattern);
      // The image's entrypoint reads VANTAGE_PROBE_TOKEN_FILE when VANTAGE_PROBE_TOKEN is empty.
      expect(env.VANTAGE_PROBE_TOKEN, name).toBe('');
      const config = parseProbeConfig([], { ...env, VANTAGE_PROBE_TOKEN: 'vp_example' });
      expect(config.controlPlane.tls, name).toBe(true);
      expect(config.controlPlane.address).toBe(
        `control-plane:${loadControlPlaneConfig(environmentOf('control-plane')).grpc.port}`,
      );
      const tokens = producerOf(service, posix.dirname(env.VANTAGE_PROBE_TOKEN_FILE!));
      expect(posix.basename(env.VANTAGE_PROBE_TOKEN_FILE!)).toBe(env.VANTAGE_REGION);
      const issue = interpolate(services[tokens.name]!.command!.join(' '), filledEnv);
      expect(issue).toMatch(new RegExp(`for region in [a-z0-9 -]*\\b${env.VANTAGE_REGION}\\b`));
      expect(issue).toContain(`${tokens.target}/$region`);
      expect(issue).toContain('cli.ts probes rotate-token "$region"');
      const ca = producerOf(service, posix.dirname(env.GRPC_DEFAULT_SSL_ROOTS_FILE_PATH!));
      expect(services[ca.name]?.command?.join(' ')).toContain(
        `${ca.target}/${posix.basename(env.GRPC_DEFAULT_SSL_ROOTS_FILE_PATH!)}`,
      );
      expect(service.depends_on?.[tokens.name]?.condition).toBe('service_completed_successfully');
    }
    // The one-shot runs the control plane's CLI, which reads the same configuration.
    expect(() => loadControlPlaneConfig(environmentOf('probe-tokens'))).not.toThrow();
    // The certificate names the host the probes dial.
    expect(services['grpc-tls']?.command?.join(' ')).toContain('DNS:control-plane');
  });
});

// ------------------------------------------------------------------------------------------- Dockerfiles

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** Splits a Dockerfile into instructions: joins `\` continuations, skips comments and heredoc bodies. */
function parseDockerfile(text: string): Instruction[] {
  const lines = text.split('\n');
  const instructions: Instruction[] = [];
  for (let index = 0; index < lines.length; index++) {
    const start = index;
    let line = lines[index]!;
    if (/^\s*(#|$)/.test(line)) continue;
    while (line.endsWith('\\') && index + 1 < lines.length) {
      index += 1;
      const next = lines[index]!;
      line = `${line.slice(0, -1)} ${/^\s*#/.test(next) ? '' : next.trim()}`;
    }
    const [, keyword = '', args = ''] = /^\s*(\S+)\s*(.*)$/.exec(line) ?? [];
    for (const [, dash, , terminator] of line.matchAll(/<<(-?)(['"]?)(\w+)\2/g)) {
      while (
        index + 1 < lines.length &&
        (dash ? lines[index + 1]!.trim() : lines[index + 1]) !== terminator
      ) {
        index += 1;
      }
      index += 1;
    }
    instructions.push({ keyword, args, line: start + 1 });
  }
  return instructions;
}

const keywords = new Set(
  'FROM RUN CMD LABEL EXPOSE ENV ADD COPY ENTRYPOINT VOLUME USER WORKDIR ARG ONBUILD STOPSIGNAL HEALTHCHECK SHELL'.split(
    ' ',
  ),
);

/** Docker's .dockerignore matching: last matching pattern wins, a matched directory hides its contents. */
function dockerIgnored(path: string): boolean {
  let ignored = false;
  for (const raw of read('.dockerignore').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).replace(/^\/|\/$/g, '');
    const source = pattern
      .split('**/')
      .map((part) =>
        part
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replaceAll('*', '[^/]*')
          .replaceAll('?', '[^/]'),
      )
      .join('(?:.*/)?');
    if (new RegExp(`^${source}(?:/.*)?$`).test(path)) ignored = !negated;
  }
  return ignored;
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((entry) => {
    const path = `${dir}/${entry}`;
    // Local artifacts (git-ignored), never part of a checkout's build context.
    if (/^(\.|node_modules$|build$|dist$|coverage$)|\.log$/.test(entry)) return [];
    return statSync(join(root, path)).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Workspace folders an app needs: itself and every @vantage package its sources import, transitively. */
function workspaceClosure(app: string): string[] {
  const found = new Set([app]);
  const queue = [app];
  while (queue.length > 0) {
    const dir = queue.pop()!;
    for (const file of filesUnder(`${dir}/src`).filter(
      (f) => /\.(ts|svelte)$/.test(f) && !/\.test\.ts$|\/test-/.test(f),
    )) {
      for (const [, name] of read(file).matchAll(/from '@vantage\/([a-z-]+)'/g)) {
        const workspace = `packages/${name}`;
        if (!found.has(workspace)) queue.push(workspace);
        found.add(workspace);
      }
    }
  }
  return [...found].sort();
}

const images = {
  'control-plane': { ports: ['PORT', 'GRPC_PORT'] },
  web: { ports: ['PORT'] },
  probe: { ports: [] },
} as const;

describe.each(Object.entries(images))('apps/%s/Dockerfile', (app, { ports }) => {
  const text = read(`apps/${app}/Dockerfile`);
  const instructions = parseDockerfile(text);
  const stages = instructions.filter((instruction) => instruction.keyword === 'FROM');
  const finalStage = instructions.slice(instructions.lastIndexOf(stages.at(-1)!));

  it('uses only Dockerfile instructions, with BuildKit syntax (heredocs) declared', () => {
    expect(text.split('\n')[0]).toBe('# syntax=docker/dockerfile:1');
    expect(
      instructions.filter((i) => !keywords.has(i.keyword)).map((i) => `${i.line}: ${i.keyword}`),
    ).toEqual([]);
    expect(instructions.find((i) => i.keyword !== 'ARG')?.keyword).toBe('FROM');
    for (const i of instructions.filter(
      (i) => /^(CMD|ENTRYPOINT)$/.test(i.keyword) || i.keyword === 'HEALTHCHECK',
    )) {
      const json = i.keyword === 'HEALTHCHECK' ? i.args.replace(/^.*?CMD\s+/, '') : i.args;
      expect(JSON.parse(json), `line ${i.line}`).toEqual(expect.arrayContaining([expect.any(String)]));
    }
  });

  it('builds in named stages from Node 24 and copies only from earlier stages', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const names: string[] = [];
    for (const stage of stages) {
      const [, , name] = /^(\S+) AS (\S+)$/i.exec(stage.args) ?? [];
      expect(name, `line ${stage.line}`).toBeDefined();
      expect(names).not.toContain(name);
      names.push(name!);
    }
    expect(text).toMatch(/^ARG NODE_IMAGE=node:24-slim$/m);
    for (const copy of instructions.filter((i) => i.keyword === 'COPY' && i.args.includes('--from='))) {
      const from = /--from=(\S+)/.exec(copy.args)![1]!;
      const here = stages
        .filter((stage) => stage.line < copy.line)
        .map((stage) => /AS (\S+)$/i.exec(stage.args)![1]);
      expect(here.slice(0, -1), `line ${copy.line}`).toContain(from);
    }
  });

  it('runs the final stage as a non-root user, with a command and a health check', () => {
    const users = finalStage.filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    expect(finalStage.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT')).toBe(true);
    expect(finalStage.some((i) => i.keyword === 'HEALTHCHECK')).toBe(true);
  });

  it('exposes exactly the ports the app listens on', () => {
    const env = Object.fromEntries(
      finalStage
        .filter((i) => i.keyword === 'ENV')
        .flatMap((i) => i.args.split(/\s+/).map((pair) => pair.split('=') as [string, string])),
    );
    const exposed = finalStage
      .filter((i) => i.keyword === 'EXPOSE')
      .flatMap((i) => i.args.split(/\s+/).map(Number));
    expect(exposed).toEqual(ports.map((name) => Number(env[name])));
    if (app === 'control-plane') {
      const config = loadControlPlaneConfig({ ...environmentOf('control-plane'), ...env });
      expect(exposed).toEqual([config.port, config.grpc.port]);
    }
  });

  it('installs the workspaces the app imports, copies them from the build context, and none is .dockerignored', () => {
    const install = instructions.find((i) => i.keyword === 'RUN' && i.args.includes('pkg.workspaces'))!;
    const listed = /process\.argv\.slice\(1\).*?"\s+([\w/\s-]+?)\s*&&/.exec(install.args)![1]!.split(/\s+/);
    expect(listed.sort()).toEqual(workspaceClosure(`apps/${app}`));
    const copied = instructions
      .filter((i) => i.keyword === 'COPY' && !/--from=|<</.test(i.args))
      .flatMap((i) =>
        i.args
          .split(/\s+/)
          .filter((token) => !token.startsWith('--'))
          .slice(0, -1),
      );
    for (const workspace of listed) {
      expect(copied).toContain(`${workspace}/package.json`);
      expect(copied).toContain(workspace);
    }
    for (const source of copied) {
      expect(existsSync(join(root, source)), source).toBe(true);
      expect(dockerIgnored(source), source).toBe(false);
      if (!statSync(join(root, source)).isDirectory()) continue;
      const lost = filesUnder(source).filter((file) => dockerIgnored(file));
      expect(
        lost.filter((file) => !/\.test\.ts$|\/test-(support|fixtures)/.test(file)),
        source,
      ).toEqual([]);
    }
  });
});

describe('.dockerignore', () => {
  it('keeps secrets, dependencies and local data out of every build context', () => {
    for (const path of [
      '.env',
      '.git',
      'node_modules',
      'apps/web/node_modules',
      '.vantage',
      'apps/web/build',
    ]) {
      expect(dockerIgnored(path), path).toBe(true);
    }
    expect(dockerIgnored('apps/control-plane/src/main.ts')).toBe(false);
    expect(dockerIgnored('apps/control-plane/src/config.test.ts')).toBe(true);
  });
});
