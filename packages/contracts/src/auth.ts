import { z } from 'zod';
import { Email, Id, Role, Text, Timestamp } from './common.js';

export const PASSWORD_MIN = 10;
// argon2 work grows with input: cap it so a huge password cannot be used to burn CPU.
export const PASSWORD_MAX = 256;

export const Password = Text.min(PASSWORD_MIN).max(PASSWORD_MAX);
export const PersonName = Text.trim().min(1).max(120);

export const RegisterBody = z.object({ email: Email, password: Password, name: PersonName });
export type RegisterBody = z.infer<typeof RegisterBody>;

export const LoginBody = z.object({ email: Email, password: Text.min(1).max(PASSWORD_MAX) });
export type LoginBody = z.infer<typeof LoginBody>;

export const RefreshBody = z.object({ refresh_token: Text.min(20).max(200) });
export type RefreshBody = z.infer<typeof RefreshBody>;

/**
 * Refresh and sign-out: an API client sends its refresh token in the body; the browser app sends no body and
 * its token travels in the httpOnly session cookie instead (`X-Pulso-Session: cookie`).
 */
export const SessionRefreshBody = z
  .object({ refresh_token: Text.min(20).max(200).optional() })
  .describe('`refresh_token` is required unless the browser session cookie carries it');
export type SessionRefreshBody = z.infer<typeof SessionRefreshBody>;

/**
 * `X-Pulso-Session: cookie` asks for the browser mode: the refresh token is set as an httpOnly, SameSite=Strict
 * cookie scoped to the auth routes and left out of the body, so no script of the page can read it.
 */
export const SessionModeHeaders = z.object({
  'x-pulso-session': z
    .enum(['cookie'])
    .optional()
    .describe('`cookie`: keep the refresh token in an httpOnly cookie (the browser app) instead of the body'),
});

export const User = z.object({
  id: Id,
  email: z.string().nullable(),
  name: z.string(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type User = z.infer<typeof User>;

export const UserGym = z.object({ id: Id, name: z.string(), role: Role });

/**
 * The gym seed's `User.profile` (issue 12): what other members of a shared gym may see besides the name. Health
 * data stays in the athlete profile (`/athlete/profile`), which only its owner reads.
 */
export const UserProfile = z.object({
  avatar_url: z.string().nullable().describe('An https URL of a picture, or null'),
});
export type UserProfile = z.infer<typeof UserProfile>;

/**
 * The languages the API writes in. The API's catalogues decide them (`LANGS` in `platform/messages.ts`); the API
 * checks at compile time that this list names the same ones, so a third language is added here too.
 */
export const LANGUAGES = ['en', 'es'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

export const Me = User.extend({
  email_verified: z.boolean().describe('Whether the e-mail address was confirmed with the link sent to it'),
  profile: UserProfile,
  language: Language.nullable().describe(
    'The language the API answers me in and writes my mails in; null follows Accept-Language',
  ),
  gyms: z.array(UserGym),
});
export type Me = z.infer<typeof Me>;

export const TokenPair = z.object({
  user: User,
  access_token: z.string(),
  refresh_token: z
    .string()
    .optional()
    .describe('Absent in the browser mode (`X-Pulso-Session: cookie`), where the cookie carries it'),
  token_type: z.literal('bearer'),
  expires_in: z.number().int().describe('Seconds until the access token expires'),
});
export type TokenPair = z.infer<typeof TokenPair>;

/**
 * A refresh's answer. The browser app asks for one first on every page load, then needs the person's account
 * before it can ask for anything else; answering it here saves that round trip on every load.
 */
export const RefreshedPair = TokenPair.extend({
  me: Me.optional().describe(
    'In the browser mode only (`X-Pulso-Session: cookie`): my account, as `GET /users/me` answers it',
  ),
});
export type RefreshedPair = z.infer<typeof RefreshedPair>;

/**
 * Only https: the URL ends up in other members' `<img src>`, so `javascript:`, `data:` and plain-http (mixed
 * content, readable on the way) are refused here.
 */
export const AvatarUrl = Text.trim()
  .max(2048)
  .refine(
    (s) => {
      let u: URL;
      try {
        u = new URL(s);
      } catch {
        return false;
      }
      return u.protocol === 'https:' && u.hostname !== '' && u.username === '' && u.password === '';
    },
    { message: 'Must be an https URL (without user or password)' },
  )
  .describe('An https URL of a picture, at most 2048 characters');

export const PatchMeBody = z
  .object({
    name: PersonName.optional(),
    profile: z
      .object({ avatar_url: AvatarUrl.nullable().optional() })
      .strict()
      .optional()
      .describe('The public part of my account (the gym seed’s profile); null clears a field'),
    email: Email.optional(),
    language: Language.nullable()
      .optional()
      .describe('My language for texts and mails (wins over Accept-Language); null follows Accept-Language'),
    password: Password.optional(),
    current_password: Text.max(PASSWORD_MAX)
      .optional()
      .describe('Required to change the e-mail or the password'),
  })
  .strict()
  .refine((o) => Object.keys(o).length > 0, {
    message: 'Give at least one field to change',
    params: { msg: 'one_field' },
    // Only when the body is otherwise valid: an unknown field is reported as itself, not as "nothing to change".
    when: (payload) => payload.issues.length === 0,
  });
export type PatchMeBody = z.infer<typeof PatchMeBody>;

/** A one-time token from a mail: 32 random bytes, base64url. */
export const MailToken = Text.min(20).max(200);

export const PasswordResetBody = z.object({ email: Email }).strict();
export type PasswordResetBody = z.infer<typeof PasswordResetBody>;

export const PasswordResetConfirmBody = z.object({ token: MailToken, password: Password }).strict();
export type PasswordResetConfirmBody = z.infer<typeof PasswordResetConfirmBody>;

export const VerifyEmailBody = z.object({ token: MailToken }).strict();
export type VerifyEmailBody = z.infer<typeof VerifyEmailBody>;

export const Accepted = z.object({ status: z.literal('accepted'), detail: z.string() });
export type Accepted = z.infer<typeof Accepted>;

/**
 * Another account, as a member of a gym it shares with the caller sees it (the gym seed's `GET /users/{user_id}`,
 * made safe): no e-mail, and only the gyms both belong to, with the role it has in each.
 */
export const UserCard = z.object({
  id: Id,
  name: z.string(),
  profile: UserProfile,
  gyms: z.array(UserGym).describe('The gyms shared with the caller, with this user’s role in each'),
});
export type UserCard = z.infer<typeof UserCard>;

export const UserIdParams = z.object({ user_id: Id });

/**
 * How one can sign in besides e-mail and password. `oidc` is set when the server has an OpenID Connect provider
 * and a client id for the web app: the app sends the person to `authorization_endpoint` (authorization code
 * with PKCE, RFC 7636) and gives the code back to `POST /auth/oidc/callback`.
 */
export const AuthProviders = z.object({
  oidc: z
    .object({
      issuer: z.string(),
      authorization_endpoint: z.string(),
      client_id: z.string(),
      scope: z.string(),
      audience: z
        .string()
        .describe('Asked for in the authorization request so the access token is for this API'),
    })
    .nullable(),
});
export type AuthProviders = z.infer<typeof AuthProviders>;

export const OidcCallbackBody = z
  .object({
    code: Text.min(1).max(2048),
    code_verifier: z
      .string()
      .regex(/^[A-Za-z0-9._~-]{43,128}$/, 'PKCE code verifier: 43–128 unreserved characters (RFC 7636 §4.1)'),
    redirect_uri: z.url({ protocol: /^https?$/ }).max(2048),
  })
  .strict();
export type OidcCallbackBody = z.infer<typeof OidcCallbackBody>;
