import * as z from 'zod';
import { checkProbed, fields, probedShape } from './fields.ts';

/** A TCP check: the monitor is up when a connection to `host:port` opens in time. */
export const tcpMonitorSchema = z
  .strictObject({
    type: z.literal('tcp'),
    ...probedShape,
    host: fields.host,
    port: fields.port,
  })
  .superRefine(checkProbed);

/** A validated tcp monitor spec. */
export type TcpMonitorSpec = z.output<typeof tcpMonitorSchema>;
