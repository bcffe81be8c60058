import { authEndpoints } from '@vantage/api-contract';
import { countUsers, insertOrganization, insertUser, upsertMembership } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { toOrganizationDto, toUserDto } from '../../http/dto.ts';
import { handler } from '../../http/handler.ts';
import { hashPassword } from '../../security/secrets.ts';
import { recordAudit } from '../audit.ts';
import { uniqueSlug } from '../orgs/slug.ts';
import { sendVerificationEmail } from './email-links.ts';
import { startSession } from './sessions.ts';

/** Creates the user, their organization and the owner membership in one transaction, then signs in. */
export const register = handler(authEndpoints.register, async ({ app, body, http }) => {
  const { config } = app;
  const passwordHash = await hashPassword(body.password);
  const { user, organization } = await app.db.transaction(async (tx) => {
    // The first account of a self-hosted install runs the platform.
    const firstUser = config.edition === 'self-hosted' && (await countUsers(tx)) === 0;
    const isOperator = firstUser || config.operatorEmails.includes(body.email);
    const user = await insertUser(tx, { email: body.email, name: body.name ?? '', passwordHash, isOperator });
    if (!user) {
      throw new ServiceError('conflict', 'An account with this email already exists', [
        { path: 'body.email', message: 'Already registered' },
      ]);
    }
    const plan = config.edition === 'hosted' ? 'free' : 'unlimited';
    const slug = await uniqueSlug(tx, body.organizationName);
    const organization = await insertOrganization(tx, { slug, name: body.organizationName, plan });
    if (!organization) throw new ServiceError('conflict', 'Organization slug taken; try again');
    await upsertMembership(tx, organization.id, user.id, 'owner');
    const actor = { kind: 'user' as const, user, sessionId: '' };
    await recordAudit(tx, actor, organization.id, {
      action: 'organization.create',
      targetType: 'organization',
      targetId: organization.id,
      diff: { name: organization.name, slug, plan },
    });
    return { user, organization };
  });
  await startSession(app, http, user.id);
  await sendVerificationEmail(app, user);
  return { user: toUserDto(user), organization: toOrganizationDto(organization) };
});
