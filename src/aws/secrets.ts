/**
 * Decides whether a Lambda environment variable looks like it holds a secret, from its name or from the
 * shape of its value. Pure. The value is only inspected here; it is never returned, stored or logged.
 */

/** Names people give secrets (docs/exposure.md, "Secrets in environment variables"). */
const SECRET_NAME =
  /(SECRET|PASSW(OR)?D|PWD|TOKEN|API[_-]?KEY|PRIVATE[_-]?KEY|CREDENTIAL|ACCESS[_-]?KEY|AUTH|CONN(ECTION)?[_-]?STR|DSN)/i;

/** Values that are credentials of their own: AWS access key ids (long-term and temporary), PEM private keys. */
const CREDENTIAL_VALUE_SHAPES: RegExp[] = [
  /\b(A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}\b/,
  /-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED) )?PRIVATE KEY-----/,
];

const SECRET_VALUE_SHAPES: RegExp[] = [
  ...CREDENTIAL_VALUE_SHAPES,
  // JSON Web Tokens: base64url header starting with {"  then payload and signature.
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/,
  // Vendor tokens with well-known prefixes (GitHub, Slack, Stripe live keys).
  /\b(gh[pousr]_[A-Za-z0-9]{36,}|xox[abpors]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{16,})/,
  // Credentials inside a connection string: scheme://user:password@host
  /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i,
];

/** References to a secret store are the recommended pattern, not a secret. */
const SECRET_REFERENCE = /^arn:aws[a-z-]*:(secretsmanager|ssm|kms):/;

const MIN_RANDOM_LENGTH = 32;
const MIN_RANDOM_BITS_PER_CHAR = 4;
const MIN_HEX_BITS_PER_CHAR = 3.5;

export function looksLikeSecret(name: string, value: string): boolean {
  if (SECRET_REFERENCE.test(value)) return false;
  if (SECRET_NAME.test(name)) return true;
  return SECRET_VALUE_SHAPES.some((shape) => shape.test(value)) || looksRandom(value);
}

/**
 * The value is a second set of credentials beside the execution role's: an AWS access key id or a private
 * key (an amplifier of public findings, docs/exposure.md "Severity of a toxic combination").
 */
export function looksLikeCredential(value: string): boolean {
  return CREDENTIAL_VALUE_SHAPES.some((shape) => shape.test(value));
}

/** A long token of base64 or hex characters with high Shannon entropy (AWS secret keys, API keys). */
function looksRandom(value: string): boolean {
  if (value.length < MIN_RANDOM_LENGTH) return false;
  // Hex has 16 symbols, so at most 4 bits a character: judge it against a lower bar.
  if (/^[0-9a-fA-F]+$/.test(value)) return shannonEntropy(value) >= MIN_HEX_BITS_PER_CHAR;
  if (!/^[A-Za-z0-9+/=_-]+$/.test(value)) return false;
  return shannonEntropy(value) >= MIN_RANDOM_BITS_PER_CHAR;
}

function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
