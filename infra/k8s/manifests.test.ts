import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { regionIdPattern } from '@vantage/domain';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig as loadControlPlaneConfig } from '../../apps/control-plane/src/config.ts';
import { parseConfig as parseProbeConfig } from '../../apps/probe/src/config.ts';
import { loadConfig as loadWebConfig } from '../../apps/web/src/lib/server/config.ts';

// The manifests are parsed and cross-checked here (references, ports, the apps' own config parsers), and
// decoded by kubectl against its built-in API types when kubectl is installed (no cluster needed).
const dir = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const manifestFiles = readdirSync(dir)
  .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
  .sort();
const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'));

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  file: string;
  [field: string]: any;
}

const objects: K8sObject[] = manifestFiles.flatMap((file) =>
  parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]?.message}`);
    return { ...document.toJS(), file } as K8sObject;
  }),
);
const ofKind = (kind: string) => objects.filter((object) => object.kind === kind);
const named = (kind: string, name: string) => ofKind(kind).find((object) => object.metadata.name === name);
const deployments = ofKind('Deployment');
const container = (name: string) => named('Deployment', name)!.spec.template.spec.containers[0];
const configMapData = (name: string): Record<string, string> => named('ConfigMap', name)!.data;
/** An example Secret with its placeholders, as an operator would fill them in. */
const secretData = (name: string): Record<string, string> => ({
  ...named('Secret', name)!.stringData,
  ...(name === 'vantage-control-plane' ? { APP_KEY: Buffer.alloc(32, 7).toString('base64') } : {}),
});
const probes = deployments.filter((d) => d.metadata.labels?.['app.kubernetes.io/component'] === 'probe');

describe('Kubernetes manifests (infra/k8s)', () => {
  it('are YAML objects with a kind and a name, all in the vantage namespace', () => {
    expect(objects.length).toBeGreaterThanOrEqual(10);
    for (const object of objects) {
      expect(object.apiVersion, object.file).toMatch(/^([a-z0-9.]+\/)?v1$/);
      expect(object.kind, object.file).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(object.metadata.name, object.file).toMatch(/^[a-z0-9-]+$/);
      if (object.kind !== 'Namespace')
        expect(object.metadata.namespace, object.metadata.name).toBe('vantage');
    }
  });

  it('are all applied by kustomization.yaml except the *.example.yaml ones', () => {
    expect(kustomization.namespace).toBe('vantage');
    expect([...kustomization.resources].sort()).toEqual(
      manifestFiles.filter((f) => !f.endsWith('.example.yaml')),
    );
    expect(manifestFiles).toEqual(expect.arrayContaining(['secrets.example.yaml', 'ingress.example.yaml']));
  });

  it('run the images docker-compose builds, as non-root with read-only root filesystems', () => {
    const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
    const built = new Set(
      Object.values<{ image?: string; build?: object }>(compose.services)
        .filter((service) => service.build)
        .map((service) => service.image!.split(':')[0]),
    );
    expect(kustomization.images.map((image: { name: string }) => image.name).sort()).toEqual(
      [...built].sort(),
    );
    for (const deployment of deployments) {
      const { spec } = deployment;
      expect(spec.template.metadata.labels, deployment.metadata.name).toMatchObject(
        spec.selector.matchLabels,
      );
      expect(spec.template.spec.securityContext.runAsNonRoot).toBe(true);
      for (const c of spec.template.spec.containers) {
        expect(built, deployment.metadata.name).toContain(c.image.split(':')[0]);
        expect(c.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
        });
        expect(c.resources.limits.memory, deployment.metadata.name).toBeDefined();
      }
    }
  });

  it('route Services to a Deployment’s named ports, and the Ingress to existing Services', () => {
    for (const service of ofKind('Service')) {
      const target = deployments.find((d) =>
        Object.entries(service.spec.selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v),
      );
      expect(target, service.metadata.name).toBeDefined();
      const ports = target!.spec.template.spec.containers.flatMap((c: any) =>
        c.ports.map((p: any) => p.name),
      );
      for (const port of service.spec.ports) expect(ports, service.metadata.name).toContain(port.targetPort);
    }
    for (const rule of named('Ingress', 'vantage')!.spec.rules) {
      for (const { backend } of rule.http.paths) {
        const service = named('Service', backend.service.name);
        expect(
          service?.spec.ports.map((p: any) => p.name),
          rule.host,
        ).toContain(backend.service.port.name);
      }
    }
  });

  it('read only ConfigMaps and Secrets that are defined, with the keys they read', () => {
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      for (const c of pod.containers) {
        for (const from of c.envFrom ?? []) {
          const ref = from.configMapRef ?? from.secretRef;
          expect(named(from.configMapRef ? 'ConfigMap' : 'Secret', ref.name), ref.name).toBeDefined();
        }
        for (const variable of c.env ?? []) {
          const ref = variable.valueFrom?.secretKeyRef;
          if (ref)
            expect(Object.keys(named('Secret', ref.name)?.stringData ?? {}), ref.name).toContain(ref.key);
        }
      }
      for (const volume of pod.volumes ?? []) {
        if (volume.secret) expect(named('Secret', volume.secret.secretName), volume.name).toBeDefined();
      }
    }
  });

  it('commit no secret values: the example Secrets hold placeholders only', () => {
    for (const secret of ofKind('Secret')) {
      expect(secret.file).toBe('secrets.example.yaml');
      expect(secret.data, secret.metadata.name).toBeUndefined();
      for (const [key, value] of Object.entries<string>(secret.stringData)) {
        expect(value, `${secret.metadata.name} ${key}`).toContain('change-me');
      }
    }
    for (const file of manifestFiles) {
      expect(readFileSync(join(dir, file), 'utf8')).not.toMatch(
        /BEGIN [A-Z ]*PRIVATE KEY|vp_[A-Za-z0-9_-]{16,}/,
      );
    }
  });

  it('give the control plane a configuration it accepts, with gRPC TLS from the mounted Secret', () => {
    const config = loadControlPlaneConfig({
      ...configMapData('vantage-control-plane'),
      ...secretData('vantage-control-plane'),
    });
    const c = container('control-plane');
    const ports = Object.fromEntries(c.ports.map((p: any) => [p.name, p.containerPort]));
    expect(ports).toEqual({ api: config.port, grpc: config.grpc.port });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/api/v1/health', port: 'api' });
    const pod = named('Deployment', 'control-plane')!.spec.template.spec;
    const tlsVolume = pod.volumes.find((v: any) => v.secret?.secretName === 'vantage-grpc-tls');
    const mount = c.volumeMounts.find((m: any) => m.name === tlsVolume.name);
    expect(named('Secret', 'vantage-grpc-tls')?.type).toBe('kubernetes.io/tls');
    expect(config.grpc.tls).toEqual({
      certFile: `${mount.mountPath}/tls.crt`,
      keyFile: `${mount.mountPath}/tls.key`,
    });
  });

  it('give the web app settings that it or adapter-node reads, pointing at the control-plane Service', () => {
    const data = configMapData('vantage-web');
    const config = loadWebConfig(data);
    const apiPort = named('Service', 'control-plane')!.spec.ports.find((p: any) => p.name === 'api').port;
    expect(config.controlPlaneUrl).toBe(`http://control-plane:${apiPort}`);
    expect(config.webOrigin).toBe(new URL(configMapData('vantage-control-plane').WEB_URL!).origin);
    const adapterEnv = ['apps/web/node_modules', 'node_modules']
      .map((modules) => join(root, modules, '@sveltejs/adapter-node/src/env.js'))
      .find((file) => existsSync(file))!;
    const adapterNames = [...readFileSync(adapterEnv, 'utf8').matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]);
    for (const key of Object.keys(data)) {
      expect(['CONTROL_PLANE_URL', 'WEB_URL', 'VANTAGE_EDITION', ...adapterNames], key).toContain(key);
    }
    const port = readFileSync(join(root, 'apps/web/Dockerfile'), 'utf8').match(/ PORT=(\d+)/)![1];
    expect(container('web').ports).toEqual([{ name: 'http', containerPort: Number(port) }]);
  });

  it('run one probe per region in two regions, each on its own token from a Secret', () => {
    const regions = probes.map(
      (p) => container(p.metadata.name).env.find((e: any) => e.name === 'VANTAGE_REGION').value,
    );
    expect(new Set(regions).size).toBe(probes.length);
    expect(regions.length).toBeGreaterThanOrEqual(2);
    const healthcheck = readFileSync(join(root, 'apps/probe/Dockerfile'), 'utf8');
    for (const [index, probe] of probes.entries()) {
      const region = regions[index];
      expect(region).toMatch(regionIdPattern);
      expect(probe.metadata.labels?.['vantage.dev/region']).toBe(region);
      expect(probe.spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
      const c = container(probe.metadata.name);
      const token = c.env.find((e: any) => e.name === 'VANTAGE_PROBE_TOKEN');
      expect(token.value, region).toBeUndefined();
      expect(token.valueFrom.secretKeyRef).toEqual({ name: `vantage-probe-${region}`, key: 'token' });
      const env = {
        ...configMapData('vantage-probe'),
        VANTAGE_REGION: region,
        VANTAGE_PROBE_TOKEN: 'vp_example',
      };
      expect(parseProbeConfig([], env).controlPlane.tls).toBe(true);
      expect(healthcheck).toContain(`<<'EOF' /usr/local/bin/${c.readinessProbe.exec.command[0]}`);
    }
  });
});

// ------------------------------------------------------------------------------------------------ kubectl

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const scratch = mkdtempSync(join(tmpdir(), 'vantage-k8s-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** kubectl's offline decode (typed, against its built-in scheme): names it decoded, and anything else it said. */
function kubectlDecode(file: string): { decoded: string[]; problems: string[] } {
  const run = spawnSync(
    'kubectl',
    ['set', 'env', '--local', '-f', file, 'VANTAGE_MANIFEST_CHECK=1', '-o', 'name'],
    {
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  const decoded = run.stdout.split('\n').filter(Boolean);
  const problems: string[] = [];
  for (const chunk of run.stderr.replace(/\s+/g, ' ').split('error: ')) {
    if (chunk.trim() === '') continue;
    // `set env` only changes pod templates: for other kinds this message means the object decoded fine.
    const other = /^(\S+) the object is not a pod or does not have a pod template: \*v1\.\w+$/.exec(
      chunk.trim(),
    );
    if (other) decoded.push(other[1]!);
    else problems.push(chunk.trim());
  }
  return { decoded, problems };
}

const kubectlName = (o: K8sObject) =>
  `${o.kind.toLowerCase()}${o.apiVersion.includes('/') ? `.${o.apiVersion.split('/')[0]}` : ''}/${o.metadata.name}`;

describe.skipIf(!kubectl)('kubectl (offline; skipped when kubectl is not installed)', () => {
  it('rejects a manifest with a wrongly typed field, so the check below can fail', () => {
    const bad = join(scratch, 'bad.yaml');
    writeFileSync(
      bad,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bad\nspec:\n  replicas: "two"\n',
    );
    expect(kubectlDecode(bad).problems.join(' ')).toMatch(/unable to decode .*replicas/);
  });

  it.each(manifestFiles)('decodes every object of %s', (file) => {
    const { decoded, problems } = kubectlDecode(join(dir, file));
    expect(problems).toEqual([]);
    expect(decoded.sort()).toEqual(
      objects
        .filter((o) => o.file === file)
        .map(kubectlName)
        .sort(),
    );
  });

  it('builds the kustomization (kubectl kustomize) into exactly the listed manifests’ objects', () => {
    const run = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    const built = parseAllDocuments(run.stdout).map((document) => document.toJS() as K8sObject);
    const listed = objects.filter((o) => kustomization.resources.includes(o.file));
    expect(built.map(kubectlName).sort()).toEqual(listed.map(kubectlName).sort());
    for (const object of built.filter((o) => o.kind === 'Deployment')) {
      expect(posix.dirname(object.spec.template.spec.containers[0].image)).toBe('vantage');
    }
  });
});
