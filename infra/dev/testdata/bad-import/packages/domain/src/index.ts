import { sql } from '@vantage/db';
export const query = sql;
