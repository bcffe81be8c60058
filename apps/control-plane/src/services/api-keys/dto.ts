import type { ApiKeyRecord } from '@vantage/db';

/** API key record → API shape (the secret is never stored, so never shown here). */
export function toApiKeyDto(apiKey: ApiKeyRecord) {
  return {
    id: apiKey.id,
    name: apiKey.name,
    role: apiKey.role,
    prefix: apiKey.prefix,
    createdAt: apiKey.createdAt.toISOString(),
    lastUsedAt: apiKey.lastUsedAt?.toISOString() ?? null,
    revokedAt: apiKey.revokedAt?.toISOString() ?? null,
  };
}
