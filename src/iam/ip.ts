/** IPv4 and IPv6 CIDR membership for the IpAddress / NotIpAddress condition operators. */

export function ipInCidr(ip: string, cidr: string): boolean {
  const [network, prefixText] = cidr.split('/');
  const address = parseIp(ip);
  const base = parseIp(network ?? '');
  if (!address || !base || address.bits !== base.bits) return false;
  const prefix = prefixText === undefined ? base.bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > base.bits) return false;
  const shift = BigInt(base.bits - prefix);
  return address.value >> shift === base.value >> shift;
}

export function parseIp(text: string): { value: bigint; bits: 32 | 128 } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const octets = text.split('.').map(Number);
    if (octets.some((octet) => octet > 255)) return undefined;
    return { value: octets.reduce((acc, octet) => (acc << 8n) | BigInt(octet), 0n), bits: 32 };
  }
  if (!text.includes(':')) return undefined;
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  const groups = [...headGroups, ...Array(missing).fill('0'), ...tailGroups];
  if (groups.some((group) => !/^[0-9a-f]{1,4}$/i.test(group))) return undefined;
  return { value: groups.reduce((acc, group) => (acc << 16n) | BigInt(`0x${group}`), 0n), bits: 128 };
}
