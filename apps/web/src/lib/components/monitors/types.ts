/** One region's answer to a one-shot check ("Check now" on a monitor, "Test now" in the form). */
export interface RegionCheck {
  region: string;
  result: {
    ok: boolean;
    failure: string | null;
    statusCode: number | null;
    dnsMs: number | null;
    connectMs: number | null;
    tlsMs: number | null;
    ttfbMs: number | null;
    totalMs: number;
    resolvedIp: string | null;
    tlsExpiresAt: string | null;
    error: string | null;
  } | null;
  error: string | null;
}
