import { describe, expect, it } from 'vitest';
import { isNonPublicAddress } from './fetch-url.ts';

describe('isNonPublicAddress', () => {
  it('refuses loopback, private, link-local, CGNAT, multicast and unspecified addresses in every spelling', () => {
    for (const address of [
      '127.0.0.1',
      '127.1.2.3',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fc00::1',
      'fd12::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a9fe:a9fe',
      'not-an-address',
    ])
      expect(isNonPublicAddress(address), address).toBe(true);
    for (const address of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:808:808'])
      expect(isNonPublicAddress(address), address).toBe(false);
  });
});
