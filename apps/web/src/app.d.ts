import type { ControlPlane } from '#lib/server/api.ts';

declare global {
  namespace App {
    interface Locals {
      /** The control plane, called as the signed-in user (or anonymously). */
      api: ControlPlane;
      /** The session token from the dashboard's cookie, if any. */
      sessionToken: string | undefined;
    }
    interface Error {
      message: string;
      code?: string;
    }
  }
}
