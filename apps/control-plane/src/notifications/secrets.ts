import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ivBytes = 12;
const tagBytes = 16;

/** The app key that seals alert-channel secrets (DESIGN.md §8): 32 bytes from `APP_KEY`. */
export function appKeyOf(config: { appKey: Buffer }): Buffer {
  if (config.appKey.length !== 32) throw new Error('the app key must be 32 bytes');
  return config.appKey;
}

/**
 * Seals secret fields with AES-256-GCM: `iv ‖ tag ‖ ciphertext`. `boundTo` (the channel id) is
 * authenticated data, so a sealed value copied onto another channel does not open.
 */
export function sealSecrets(appKey: Buffer, boundTo: string, secrets: Record<string, string>): Buffer {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', appKey, iv);
  cipher.setAAD(Buffer.from(boundTo));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

/** Opens what `sealSecrets` sealed; throws when the key, the binding or the bytes are wrong. */
export function openSecrets(appKey: Buffer, boundTo: string, sealed: Buffer): Record<string, string> {
  const decipher = createDecipheriv('aes-256-gcm', appKey, sealed.subarray(0, ivBytes));
  decipher.setAAD(Buffer.from(boundTo));
  decipher.setAuthTag(sealed.subarray(ivBytes, ivBytes + tagBytes));
  const plain = Buffer.concat([decipher.update(sealed.subarray(ivBytes + tagBytes)), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as Record<string, string>;
}
