import { randomBytes } from 'node:crypto';
import { type Queryable, slugTaken } from '@vantage/db';

/** A URL slug from a name: lower-case ASCII letters, digits and dashes, 3–50 characters. */
export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return base.length >= 3 ? base : `org-${base || randomBytes(3).toString('hex')}`.replace(/-+$/g, '');
}

/** A free slug for a new organization: the name's slug, else with a short random suffix. */
export async function uniqueSlug(db: Queryable, name: string): Promise<string> {
  const base = slugify(name);
  if (!(await slugTaken(db, base))) return base;
  for (;;) {
    const candidate = `${base}-${randomBytes(2).toString('hex')}`;
    if (!(await slugTaken(db, candidate))) return candidate;
  }
}
