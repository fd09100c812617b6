/**
 * Passwords hashed with scrypt (memory-hard, in Node's crypto: no native
 * add-on to build), and random secrets for sessions and API tokens, of which
 * only SHA-256 digests are stored.
 */
import {
  createHash,
  randomBytes,
  scrypt as scryptCallback,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keyLength: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCallback(password, salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );

// N=2^15, r=8: 32 MiB and about 0.1 s per hash on this class of machine (OWASP's scrypt minimum is N=2^17 with r=8 p=1 or equivalent; raise when sign-in volume allows).
const PARAMETERS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, {
    ...PARAMETERS,
    maxmem: 64 * 1024 * 1024,
  });
  return `scrypt$${PARAMETERS.N}$${PARAMETERS.r}$${PARAMETERS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(
    password.normalize('NFC'),
    Buffer.from(salt, 'base64'),
    expected.length,
    {
      N: Number(n),
      r: Number(r),
      p: Number(p),
      maxmem: 256 * 1024 * 1024,
    },
  );
  return timingSafeEqual(actual, expected);
}

/** A hash to compare against when the user does not exist, so timing does not tell who has an account. */
let decoy: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}

export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Passwords that pass the length rule but are still guessed first. */
const COMMON = new Set([
  'password1234',
  '123456789012',
  'qwertyuiopas',
  'planwatch123',
  'administrator',
]);

export function passwordProblem(password: string, username: string): string | null {
  if (password.length < 12) return 'the password needs at least 12 characters';
  if (password.length > 1000) return 'the password is longer than 1000 characters';
  if (password.toLowerCase().includes(username.toLowerCase()))
    return 'the password must not contain the user name';
  if (COMMON.has(password.toLowerCase()) || /^(.)\1+$/.test(password))
    return 'the password is too easy to guess';
  return null;
}
