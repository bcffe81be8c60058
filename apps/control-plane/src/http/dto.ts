import type { OrganizationRecord, UserRecord } from '@vantage/db';

/** User record → API shape (no password hash, ISO dates). */
export function toUserDto(user: UserRecord) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerifiedAt !== null,
    isOperator: user.isOperator,
    createdAt: user.createdAt.toISOString(),
  };
}

/** Organization record → API shape. */
export function toOrganizationDto(organization: OrganizationRecord) {
  return {
    id: organization.id,
    slug: organization.slug,
    name: organization.name,
    plan: organization.plan,
    createdAt: organization.createdAt.toISOString(),
  };
}
