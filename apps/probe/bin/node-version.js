/** Whether this Node runs `.ts` files directly (type stripping on by default: 22.18+, 23.6+, 24+). */
export function stripsTypes(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  if (major === 22) return minor >= 18;
  if (major === 23) return minor >= 6;
  return major > 23;
}
