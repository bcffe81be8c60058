import { authEndpoints } from '@vantage/api-contract';
import { findUserByEmail, setOperator } from '@vantage/db';
import { ServiceError } from '@vantage/domain';
import { toUserDto } from '../../http/dto.ts';
import { handler } from '../../http/handler.ts';
import { decoyPasswordHash, verifyPassword } from '../../security/secrets.ts';
import { startSession } from './sessions.ts';

/** Signs in with email and password; one message for an unknown email and a wrong password. */
export const login = handler(authEndpoints.login, async ({ app, body, http }) => {
  const user = await findUserByEmail(app.db, body.email);
  const valid = await verifyPassword(body.password, user?.passwordHash ?? decoyPasswordHash);
  if (!user || !valid) throw new ServiceError('unauthenticated', 'Invalid email or password');
  if (!user.isOperator && app.config.operatorEmails.includes(user.email)) {
    await setOperator(app.db, user.email, true);
    user.isOperator = true;
  }
  await startSession(app, http, user.id);
  return { user: toUserDto(user) };
});
