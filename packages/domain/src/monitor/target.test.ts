import { describe, expect, it } from 'vitest';
import { monitorSpecSchema } from './spec.ts';
import { literalTargetViolations, monitorTargets } from './target.ts';

const regions = ['eu-west'];

describe('monitorTargets', () => {
  it.each([
    [{ type: 'http', url: 'http://0x7f.1:8080/x' }, [{ path: 'url', host: '127.0.0.1' }]],
    [{ type: 'http', url: 'https://[::1]/' }, [{ path: 'url', host: '[::1]' }]],
    [{ type: 'tcp', host: 'db.example.com', port: 5432 }, [{ path: 'host', host: 'db.example.com' }]],
    [{ type: 'dns', recordName: 'example.com', recordType: 'A' }, []],
    [
      { type: 'dns', recordName: 'example.com', recordType: 'A', resolver: '10.0.0.2' },
      [{ path: 'resolver', host: '10.0.0.2' }],
    ],
  ])('finds the targets of %j', (fields, targets) => {
    expect(monitorTargets(monitorSpecSchema.parse({ name: 'm', regions, ...fields }))).toEqual(targets);
  });

  it('gives a heartbeat no target', () => {
    expect(
      monitorTargets(monitorSpecSchema.parse({ type: 'heartbeat', name: 'h', expectedEverySeconds: 60 })),
    ).toEqual([]);
  });
});

describe('literalTargetViolations', () => {
  it.each<[Record<string, unknown>, boolean, string[]]>([
    [{ type: 'http', url: 'http://2130706433/' }, false, ['url']],
    [{ type: 'http', url: 'http://2130706433/' }, true, []],
    [{ type: 'http', url: 'http://169.254.169.254/latest/meta-data/' }, true, ['url']],
    [{ type: 'http', url: 'http://[::ffff:a9fe:a9fe]/' }, true, ['url']],
    [{ type: 'http', url: 'http://internal.example/' }, false, []],
    [{ type: 'tcp', host: '10.1.2.3', port: 22 }, false, ['host']],
    [{ type: 'tls', host: '8.8.8.8' }, false, []],
    [
      { type: 'dns', recordName: 'example.com', recordType: 'A', resolver: '192.168.0.1' },
      false,
      ['resolver'],
    ],
  ])('%j (allowPrivate %s) refuses %j', (fields, allowPrivate, paths) => {
    const spec = monitorSpecSchema.parse({ name: 'm', regions, ...fields });
    expect(literalTargetViolations(spec, { allowPrivate }).map((violation) => violation.path)).toEqual(paths);
  });
});
