import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { regionIdPattern } from '@vantage/domain';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig as parseProbeConfig } from '../../apps/probe/src/config.ts';

// The unit and the install script for a bare-VM probe. Installing for real needs root, systemd and a
// download of Node; here the script's argument checks run (they exit before writing anything), and
// systemd's own verifier reads the unit when it is installed.
const dir = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const unitText = readFileSync(join(dir, 'vantage-probe.service'), 'utf8');
const script = join(dir, 'install-probe.sh');
const scriptText = readFileSync(script, 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'vantage-systemd-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The unit as section → key → value (the last value of a repeated key). */
function sections(text: string): Record<string, Record<string, string>> {
  const result: Record<string, Record<string, string>> = {};
  let current = '';
  for (const line of text.split('\n')) {
    if (/^\s*(#|;|$)/.test(line)) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      current = header[1]!;
      result[current] = {};
      continue;
    }
    const [key, ...value] = line.split('=');
    result[current]![key!.trim()] = value.join('=').trim();
  }
  return result;
}

function runScript(args: string[]) {
  return spawnSync('bash', [script, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
    timeout: 10_000,
  });
}

describe('vantage-probe.service', () => {
  const unit = sections(unitText);

  it('runs the probe from the install prefix as its own user, with settings from the env file', () => {
    expect(Object.keys(unit)).toEqual(['Unit', 'Service', 'Install']);
    const service = unit.Service!;
    expect(service.User).toBe('vantage-probe');
    expect(service.EnvironmentFile).toBe('/etc/vantage/probe.env');
    expect(service.ExecStart).toBe('/opt/vantage-probe/bin/node /opt/vantage-probe/apps/probe/src/main.ts');
    expect(service.Restart).toBe('always');
    expect(service.NoNewPrivileges).toBe('yes');
    expect(unit.Install?.WantedBy).toBe('multi-user.target');
  });

  it('matches what install-probe.sh installs: prefix, env file, unit and the probe’s variables', () => {
    expect(scriptText).toContain('prefix="$root/opt/vantage-probe"');
    expect(scriptText).toContain('env_file="$root/etc/vantage/probe.env"');
    expect(scriptText).toContain('"$repo/infra/systemd/vantage-probe.service"');
    expect(scriptText).toContain(`=~ ${regionIdPattern.source} ]]`);
    const written = [...scriptText.matchAll(/echo "([A-Z_]+)=/g)].map((match) => match[1]!);
    const probeVariables = [
      ...readFileSync(join(root, 'apps/probe/src/config.ts'), 'utf8').matchAll(/env: '(\w+)'/g),
    ];
    const known = [...probeVariables.map((match) => match[1]), 'GRPC_DEFAULT_SSL_ROOTS_FILE_PATH'];
    expect(written.length).toBeGreaterThanOrEqual(3);
    for (const name of written) expect(known, name).toContain(name);
    const env = {
      VANTAGE_CONTROL_PLANE_URL: 'cp.example.com:4001',
      VANTAGE_REGION: 'eu-west',
      VANTAGE_PROBE_TOKEN: 'vp_x',
    };
    expect(parseProbeConfig([], env)).toMatchObject({ region: 'eu-west', controlPlane: { tls: true } });
  });
});

describe('install-probe.sh', () => {
  it('is valid bash', () => {
    expect(spawnSync('bash', ['-n', script], { encoding: 'utf8' }).stderr).toBe('');
  });

  it('names a missing required option and prints its usage (exit 2)', () => {
    const run = runScript(['--region', 'eu-west']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--control-plane is required');
    expect(run.stderr).toContain('usage: install-probe.sh');
  });

  it('refuses a region id the control plane would refuse (exit 1), before touching anything', () => {
    const target = join(scratch, 'refused');
    const run = runScript([
      '--control-plane',
      'cp.example.com:4001',
      '--region',
      'EU_West',
      '--root',
      target,
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('not a region id: EU_West');
    expect(spawnSync('test', ['-e', target]).status).toBe(1);
  });
});

const systemdAnalyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' }).status === 0;

/** `systemd-analyze verify` of the unit text, with /opt/vantage-probe pointing at this checkout and this node. */
function verify(text: string, name: string): { status: number | null; stderr: string } {
  const prefix = join(scratch, name, 'opt');
  mkdirSync(join(prefix, 'bin'), { recursive: true });
  mkdirSync(join(prefix, 'apps/probe/src'), { recursive: true });
  symlinkSync(process.execPath, join(prefix, 'bin/node'));
  symlinkSync(join(root, 'apps/probe/src/main.ts'), join(prefix, 'apps/probe/src/main.ts'));
  const file = join(scratch, name, 'vantage-probe.service');
  writeFileSync(file, text.replaceAll('/opt/vantage-probe', prefix));
  const run = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, stderr: run.stderr };
}

describe.skipIf(!systemdAnalyze)('systemd-analyze verify (skipped when systemd is not installed)', () => {
  it('reports a misspelled setting, so the check below can fail', () => {
    const result = verify(unitText.replace('User=', 'Usr='), 'misspelled');
    expect(result.stderr).toMatch(/Unknown key.*'Usr'/);
  });

  it('accepts the unit without a warning', () => {
    expect(verify(unitText, 'unit')).toEqual({ status: 0, stderr: '' });
  });
});
