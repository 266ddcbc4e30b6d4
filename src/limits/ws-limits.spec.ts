import { clientAddress, ConnectionsPerIp, slowClientCheck } from './ws-limits';

describe('ConnectionsPerIp', () => {
  it('caps each address separately and frees a place on release', () => {
    const limit = new ConnectionsPerIp(2);
    expect(limit.acquire('10.0.0.1')).toBe(true);
    expect(limit.acquire('10.0.0.1')).toBe(true);
    expect(limit.acquire('10.0.0.1')).toBe(false);
    expect(limit.acquire('10.0.0.2')).toBe(true);
    limit.release('10.0.0.1');
    expect(limit.count('10.0.0.1')).toBe(1);
    expect(limit.acquire('10.0.0.1')).toBe(true);
    limit.release('10.0.0.2');
    limit.release('10.0.0.2');
    expect(limit.count('10.0.0.2')).toBe(0);
  });

  it('caps the whole process too, and a release of an address holding nothing frees no place', () => {
    const limit = new ConnectionsPerIp(500, 3);
    expect(['a', 'a', 'b'].map((ip) => limit.acquire(ip))).toEqual([true, true, true]);
    expect(limit.acquire('c')).toBe(false);
    limit.release('c');
    expect(limit.acquire('c')).toBe(false);
    limit.release('a');
    expect(limit.size).toBe(2);
    expect(limit.acquire('c')).toBe(true);
  });
});

describe('slowClientCheck', () => {
  it('starts the clock when data waits, drops after the limit, and resets when the client catches up', () => {
    expect(slowClientCheck(0, null, 1000, 5000)).toEqual({ waitingSince: null, drop: false });
    expect(slowClientCheck(10, null, 1000, 5000)).toEqual({ waitingSince: 1000, drop: false });
    expect(slowClientCheck(10, 1000, 6000, 5000)).toEqual({ waitingSince: 1000, drop: false });
    expect(slowClientCheck(10, 1000, 6001, 5000)).toEqual({ waitingSince: 1000, drop: true });
    expect(slowClientCheck(0, 1000, 6001, 5000)).toEqual({ waitingSince: null, drop: false });
  });
});

describe('clientAddress', () => {
  it('uses the socket address unless proxies are trusted', () => {
    expect(clientAddress('10.0.0.9', '1.2.3.4', 0)).toBe('10.0.0.9');
    expect(clientAddress('10.0.0.9', undefined, 1)).toBe('10.0.0.9');
  });

  it('takes the address the trusted proxy saw, not what the client claims', () => {
    expect(clientAddress('10.0.0.9', '1.2.3.4', 1)).toBe('1.2.3.4');
    expect(clientAddress('10.0.0.9', '6.6.6.6, 1.2.3.4', 1)).toBe('1.2.3.4');
    expect(clientAddress('10.0.0.9', '6.6.6.6, 1.2.3.4, 10.0.0.5', 2)).toBe('1.2.3.4');
    expect(clientAddress('10.0.0.9', '1.2.3.4', 5)).toBe('1.2.3.4');
  });
});
