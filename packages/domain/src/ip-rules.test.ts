import { describe, expect, it } from 'vitest';
import type { AddressClass } from './ip-rules.ts';
import { classifyAddress, isAddressAllowed, parseHostLiteral, toAsciiHost } from './ip-rules.ts';

describe('parseHostLiteral', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['0x7f.0.0.1', '127.0.0.1'],
    ['0x7F000001', '127.0.0.1'],
    ['%31%32%37.0.0.1', '127.0.0.1'],
    [' 10.0.0.1 ', '10.0.0.1'],
    ['[::1]', '::1'],
    ['::1', '::1'],
    ['[::ffff:127.0.0.1]', '::ffff:7f00:1'],
    ['[0:0:0:0:0:ffff:7f00:0001]', '::ffff:7f00:1'],
    ['[FD00:EC2:0::0254]', 'fd00:ec2::254'],
  ])('reads %j as the address %s', (host, address) => {
    expect(parseHostLiteral(host)).toBe(address);
  });

  it.each([
    'example.com',
    'bücher.example',
    'localhost',
    '1.2.3.999',
    '08.1.1.1',
    '[example.com]',
    '[fe80::1%eth0]',
    '127.0.0.1/x',
    'user@127.0.0.1',
    '',
  ])('returns null for %j, which is no IP literal', (host) => {
    expect(parseHostLiteral(host)).toBeNull();
  });

  it('agrees with the URL parser that probes use', () => {
    for (const host of ['2130706433', '0177.0.0.1', '0x7f.0.0.1', '127.1']) {
      expect(new URL(`http://${host}/`).hostname).toBe(parseHostLiteral(host));
    }
  });
});

describe('toAsciiHost', () => {
  it.each([
    ['bücher.example', 'xn--bcher-kva.example'],
    ['Example.COM', 'example.com'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
  ])('turns %j into %j', (host, ascii) => {
    expect(toAsciiHost(host)).toBe(ascii);
    expect(parseHostLiteral(host)).toBeNull();
  });

  it.each(['a b.com', 'a/b', '[::1]', ''])('rejects %j', (host) => {
    expect(toAsciiHost(host)).toBeNull();
  });
});

describe('classifyAddress', () => {
  it.each<[string, AddressClass]>([
    ['127.0.0.1', 'loopback'],
    ['127.1', 'loopback'],
    ['2130706433', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['0x7f.0.0.1', 'loopback'],
    ['[::1]', 'loopback'],
    ['[::ffff:127.0.0.1]', 'loopback'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['::7f00:1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0', 'unspecified'],
    ['[::]', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['2852039166', 'metadata'],
    ['0xa9fea9fe', 'metadata'],
    ['[::ffff:169.254.169.254]', 'metadata'],
    ['[64:ff9b::a9fe:a9fe]', 'metadata'],
    ['[2002:a9fe:a9fe::]', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['[fd00:ec2::254]', 'metadata'],
    ['[fd00:0ec2:0:0:0:0:0:0254]', 'metadata'],
    ['169.254.1.1', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['[fe80::1]', 'link-local'],
    ['[fc00::1]', 'private'],
    ['[fd12:3456::1]', 'private'],
    ['[fec0::1]', 'private'],
    ['224.0.0.1', 'multicast'],
    ['[ff02::1]', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['[2001:db8::1]', 'reserved'],
    ['[2001:0:4136:e378:8000:63bf:3fff:fdd2]', 'reserved'],
    ['[4000::1]', 'reserved'],
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['[2606:4700::1111]', 'public'],
    ['[::ffff:8.8.8.8]', 'public'],
    ['[64:ff9b::a00:1]', 'private'],
    ['[64:ff9b::808:808]', 'public'],
    ['[64:ff9b:1::1]', 'private'],
    ['[2002:a00:1::]', 'private'],
    ['[2002:808:808::1]', 'public'],
    ['bücher.example', 'invalid'],
    ['example.com', 'invalid'],
    ['300.1.1.1', 'invalid'],
  ])('classifies %s as %s', (ip, expected) => {
    expect(classifyAddress(ip)).toBe(expected);
  });
});

describe('isAddressAllowed', () => {
  it.each<[string, boolean, boolean]>([
    // [address, allowed for a public probe, allowed when private targets are enabled]
    ['8.8.8.8', true, true],
    ['[2606:4700::1111]', true, true],
    ['127.0.0.1', false, true],
    ['[::ffff:7f00:1]', false, true],
    ['10.0.0.1', false, true],
    ['169.254.1.1', false, true],
    ['100.64.0.1', false, true],
    ['[fc00::1]', false, true],
    ['192.0.2.1', false, true],
    ['169.254.169.254', false, false],
    ['[fd00:ec2::254]', false, false],
    ['100.100.100.200', false, false],
    ['0.0.0.0', false, false],
    ['[::]', false, false],
    ['224.0.0.1', false, false],
    ['not-an-ip', false, false],
  ])('%s: public %s, with allowPrivate %s', (ip, publicAllowed, privateAllowed) => {
    expect(isAddressAllowed(ip, { allowPrivate: false }).allowed).toBe(publicAllowed);
    expect(isAddressAllowed(ip, { allowPrivate: true }).allowed).toBe(privateAllowed);
  });

  it('says why an address is refused', () => {
    expect(isAddressAllowed('169.254.169.254', { allowPrivate: true })).toEqual({
      allowed: false,
      reason: 'metadata',
      message: '169.254.169.254 is a cloud metadata address, which monitors may not reach',
    });
  });
});
