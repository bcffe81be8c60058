// The in-process store of rendered public status pages: bounded by bytes, least recently used out first.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

const gzip = promisify(gzipCallback);

/** One stored response (page HTML, feed, JSON, badge): bytes, a gzipped copy, and a strong ETag. */
export interface CachedRender {
  status: number;
  /** Headers of the render worth keeping (content type, CORS, …); caching headers are set when served. */
  headers: [string, string][];
  body: Uint8Array;
  /** The body gzipped once, for clients and CDNs that accept it (null when it does not pay). */
  gzipped: Uint8Array | null;
  /** Strong validator: a hash of the body. */
  etag: string;
  storedAtMs: number;
  /** When the last attempt to render it again failed (control plane unreachable); null while healthy. */
  failedAtMs: number | null;
}

/** Bodies smaller than this are not worth compressing. */
const gzipMinBytes = 1_024;

/** Builds a cache entry from a finished render (hash and gzip done once, off the request path of hits). */
export async function toCachedRender(
  status: number,
  headers: [string, string][],
  body: Uint8Array,
  nowMs: number,
): Promise<CachedRender> {
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  const gzipped = body.byteLength >= gzipMinBytes ? new Uint8Array(await gzip(body, { level: 6 })) : null;
  return { status, headers, body, gzipped, etag, storedAtMs: nowMs, failedAtMs: null };
}

/** A byte-bounded LRU map of renders, keyed by page and variant (`/s/acme/history`, `/s/acme?view=regions`). */
export class RenderCache {
  readonly #entries = new Map<string, CachedRender>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes = 64 * 1024 * 1024) {
    this.#maxBytes = maxBytes;
  }

  /** The entry for `key`, marked as recently used. */
  get(key: string): CachedRender | undefined {
    const entry = this.#entries.get(key);
    if (entry) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  /** Stores `entry`, dropping the least recently used ones beyond the byte budget. */
  set(key: string, entry: CachedRender): void {
    this.delete(key);
    const size = sizeOf(key, entry);
    if (size > this.#maxBytes) return;
    this.#entries.set(key, entry);
    this.#bytes += size;
    for (const [oldKey] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.delete(oldKey);
    }
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= sizeOf(key, entry);
  }

  /** Drops every variant of a page: `/s/acme`, `/s/acme/…`, `/s/acme?…` (after the page was edited). */
  purgePage(pagePath: string): void {
    for (const key of [...this.#entries.keys()]) {
      if (key === pagePath || key.startsWith(`${pagePath}/`) || key.startsWith(`${pagePath}?`)) {
        this.delete(key);
      }
    }
  }

  /** Bytes held (bodies, gzipped copies, keys). */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }
}

function sizeOf(key: string, entry: CachedRender): number {
  return key.length + entry.body.byteLength + (entry.gzipped?.byteLength ?? 0) + 256;
}
