import type { CommonQueryMethods } from 'slonik';

/** A pool or a transaction: every query function takes one, so callers choose the transaction. */
export type Queryable = CommonQueryMethods;
