import { pool } from '../../../packages/db/src/index.ts';
import { x } from '@vantage/domain/src/internal.ts';
import '@vantage/testing';
export { pool, x };
