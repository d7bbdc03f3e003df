/**
 * Password hashing with scrypt from Node's own crypto (OpenSSL): memory-hard, with one of the
 * equivalent parameter sets OWASP's Password Storage Cheat Sheet gives for scrypt: N=2^15,
 * r=8, p=3 (32 MiB; the same work as N=2^17, p=1 with a quarter of the memory, so that a few
 * sign-ins at once do not take a gigabyte). Measured here: ~0.3 s per hash (the cost is the
 * point). The stored form names its parameters, so they can be raised later and old hashes
 * still verify: `scrypt$<N>$<r>$<p>$<salt base64>$<key base64>`.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 2 ** 15;
const R = 8;
const P = 3;
const KEY_LENGTH = 64;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem above 128·N·r bytes, or OpenSSL refuses.
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string, cost: { n?: number } = {}): Promise<string> {
  const n = cost.n ?? N;
  const salt = randomBytes(16);
  const key = await derive(password, salt, n, R, P);
  return `scrypt$${n}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash no password matches, verified against when the login does not exist, so that both take as long. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(32).toString('base64'));
  return decoy;
}
