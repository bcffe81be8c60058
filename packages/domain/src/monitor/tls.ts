import * as z from 'zod';
import { checkProbed, fields, probedShape } from './fields.ts';

/** A TLS check: handshake with `host:port`, verify the chain and warn before the certificate expires. */
export const tlsMonitorSchema = z
  .strictObject({
    type: z.literal('tls'),
    ...probedShape,
    host: fields.host,
    port: fields.port.default(443),
    expiryWarningDays: z.int().min(1).max(365).default(14),
  })
  .superRefine(checkProbed);

/** A validated tls monitor spec. */
export type TlsMonitorSpec = z.output<typeof tlsMonitorSchema>;
