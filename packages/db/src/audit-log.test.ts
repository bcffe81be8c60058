import { useTestServices } from '@vantage/testing';
import { describe, expect, it } from 'vitest';
import { insertAuditEntry, listAuditEntries } from './audit-log.ts';
import { insertOrganization } from './organizations.ts';

const services = await useTestServices();

describe('audit log', () => {
  it('lists newest first and pages without gaps past the tenth entry', async () => {
    const org = await insertOrganization(services.db, { slug: 'audited', name: 'Audited', plan: 'free' });
    for (let i = 1; i <= 12; i += 1) {
      await insertAuditEntry(services.db, {
        orgId: org!.id,
        actor: { type: 'system', id: null, label: 'system' },
        action: `step.${i}`,
        targetType: 'test',
        targetId: null,
      });
    }
    const first = await listAuditEntries(services.db, { orgId: org!.id, beforeId: null, limit: 5 });
    expect(first.map((entry) => entry.action)).toEqual(['step.12', 'step.11', 'step.10', 'step.9', 'step.8']);
    const second = await listAuditEntries(services.db, {
      orgId: org!.id,
      beforeId: first.at(-1)!.id,
      limit: 10,
    });
    expect(second.map((entry) => entry.action)).toEqual([
      'step.7',
      'step.6',
      'step.5',
      'step.4',
      'step.3',
      'step.2',
      'step.1',
    ]);
  });
});
