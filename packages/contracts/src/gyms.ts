import { z } from 'zod';
import { Email, Id, Role, Text, Timestamp } from './common.js';

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const TimeZone = Text.max(64)
  .refine(isTimeZone, { message: 'Unknown IANA time zone', params: { msg: 'time_zone' } })
  .describe('IANA time zone, e.g. Europe/Madrid');

const GymFields = {
  name: Text.trim().min(1).max(120),
  timezone: TimeZone,
  cancellation_cutoff_min: z
    .number()
    .int()
    .min(0)
    .max(10_080)
    .describe('Members may cancel a class booking up to this many minutes before the start (default 60)'),
  description: Text.max(2000).nullable(),
  address: Text.max(300).nullable(),
  phone: Text.max(40).nullable(),
  email: Email.nullable(),
};

export const GymCreateBody = z
  .object({
    name: GymFields.name,
    timezone: GymFields.timezone.default('UTC'),
    cancellation_cutoff_min: GymFields.cancellation_cutoff_min.optional(),
    description: GymFields.description.optional(),
    address: GymFields.address.optional(),
    phone: GymFields.phone.optional(),
    email: GymFields.email.optional(),
  })
  .strict();
export type GymCreateBody = z.infer<typeof GymCreateBody>;

export const GymPatchBody = z
  .object({
    name: GymFields.name.optional(),
    timezone: GymFields.timezone.optional(),
    cancellation_cutoff_min: GymFields.cancellation_cutoff_min.optional(),
    description: GymFields.description.optional(),
    address: GymFields.address.optional(),
    phone: GymFields.phone.optional(),
    email: GymFields.email.optional(),
  })
  .strict()
  .refine((o) => Object.keys(o).length > 0, {
    message: 'Give at least one field to change',
    params: { msg: 'one_field' },
    // Only when the body is otherwise valid: an unknown field is reported as itself, not as "nothing to change".
    when: (payload) => payload.issues.length === 0,
  });
export type GymPatchBody = z.infer<typeof GymPatchBody>;

export const Gym = z.object({
  id: Id,
  name: z.string(),
  timezone: z.string(),
  cancellation_cutoff_min: z.number().int(),
  description: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Gym = z.infer<typeof Gym>;

export const GymWithRole = Gym.extend({ role: Role });
export type GymWithRole = z.infer<typeof GymWithRole>;

export const Member = z.object({
  user_id: Id,
  email: z.string().nullable(),
  name: z.string(),
  role: Role,
  joined_at: Timestamp,
});
export type Member = z.infer<typeof Member>;

export const MemberCreateBody = z
  .object({
    email: Email,
    role: Role.default('member'),
    name: Text.trim()
      .min(1)
      .max(120)
      .optional()
      .describe('With create_account: the name of the account to create'),
    create_account: z
      .boolean()
      .default(false)
      .describe(
        'Staff registering a walk-in: create the account (the person sets a password from a mailed link) and add it at once. If the e-mail already has an account, an invitation is sent instead.',
      ),
  })
  .strict()
  .refine((o) => !o.create_account || o.name !== undefined, {
    message: 'Required with create_account',
    params: { msg: 'required_with', other: 'create_account' },
    path: ['name'],
    when: (payload) => payload.issues.length === 0,
  });
export type MemberCreateBody = z.infer<typeof MemberCreateBody>;

export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'revoked', 'expired'] as const;
export const InvitationStatus = z.enum(INVITATION_STATUSES);
export type InvitationStatus = z.infer<typeof InvitationStatus>;

/** An invitation as the gym's staff see it. */
export const Invitation = z.object({
  id: Id,
  email: z.string(),
  role: Role,
  status: InvitationStatus,
  invited_by: Id.nullable(),
  created_at: Timestamp,
  expires_at: Timestamp,
  responded_at: Timestamp.nullable(),
});
export type Invitation = z.infer<typeof Invitation>;

export const InvitationQuery = z.object({ status: InvitationStatus.optional() });

/** The answer to POST /members: the same shape whether or not the e-mail has an account. */
export const MemberAddResult = z.object({
  status: z.enum(['invited', 'active']),
  email: z.string(),
  role: Role,
  invitation: Invitation.nullable().describe('Set when status is "invited"'),
  member: Member.nullable().describe('Set when status is "active" (a walk-in account created by staff)'),
});
export type MemberAddResult = z.infer<typeof MemberAddResult>;

/** An invitation as the invited person sees it. */
export const MyInvitation = z.object({
  id: Id,
  gym: z.object({ id: Id, name: z.string() }),
  role: Role,
  invited_by_name: z.string().nullable(),
  created_at: Timestamp,
  expires_at: Timestamp,
});
export type MyInvitation = z.infer<typeof MyInvitation>;

export const MemberPatchBody = z.object({ role: Role }).strict();

export const MemberParams = z.object({ user_id: Id });

export const MemberQuery = z.object({
  role: Role.optional(),
  q: Text.trim().min(1).max(100).optional().describe('Part of the name or e-mail, case ignored'),
});
