/** Semantic version of this probe; the control plane refuses probes of another major version. */
export const probeVersion = '1.0.0';
