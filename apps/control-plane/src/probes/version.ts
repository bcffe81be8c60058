/** Protocol major version this control plane speaks; probes of another major are refused. */
export const supportedProbeMajor = 1;

/** Version of the control plane, told to probes in Welcome. */
export const controlPlaneVersion = '1.0.0';

/** Whether a probe's semantic version can talk to this control plane. */
export function isCompatibleProbeVersion(version: string): boolean {
  const match = /^(\d+)\.\d+\.\d+(?:[-+].*)?$/.exec(version);
  return match !== null && Number(match[1]) === supportedProbeMajor;
}
