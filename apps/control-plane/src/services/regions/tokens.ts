import { insertProbeToken, type ProbeTokenRecord, type Queryable } from '@vantage/db';
import { hashSecret, newSecret } from '../../security/secrets.ts';

// `vp_` and 8 characters of the secret: enough to tell tokens apart, far too little to guess the rest.
const displayPrefixLength = 11;

/** Issues a probe token for a region: stores only its hash and returns the secret this once. */
export async function issueProbeToken(
  db: Queryable,
  regionId: string,
  name: string,
): Promise<{ probeToken: ProbeTokenRecord; token: string }> {
  const token = newSecret('vp_');
  const probeToken = await insertProbeToken(db, {
    regionId,
    name,
    prefix: token.slice(0, displayPrefixLength),
    tokenHash: hashSecret(token),
  });
  return { probeToken, token };
}
