// Where a public page lives: its path prefix on this host and its absolute address.
import type { PageLocation } from '../../status-page/types.ts';
import { config } from '../config.ts';
import type { PageAddress } from './source.ts';

/** `/s/acme` and `https://vantage.example/s/acme`, or '' and `https://status.acme.com` on a custom domain. */
export function locationOf(address: PageAddress, request: Request): PageLocation {
  if (address.kind === 'slug') {
    const base = `/s/${address.slug}`;
    return { base, url: `${config.webOrigin}${base}` };
  }
  // A custom domain is served with the dashboard's scheme, on the port the visitor used.
  const protocol = new URL(config.webOrigin).protocol;
  const host = request.headers.get('host') ?? address.host;
  return { base: '', url: `${protocol}//${host.toLowerCase()}` };
}
