import { describe, it } from 'vitest';
import { expectOnlyOwnWrites } from './isolation.ts';
import { useTestServices } from './services.ts';

const services = await useTestServices();

describe('test file B', () => {
  it('sees only its own rows in Postgres, ClickHouse and Redis', () =>
    expectOnlyOwnWrites(services, 'file-b'));
});
