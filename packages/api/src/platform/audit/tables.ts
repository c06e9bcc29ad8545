import { bigserial, index, inet, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from '../db/columns.js';
import { users } from '../kernel/tables.js';
import { gyms } from '../kernel/tables.js';

export const auditLogs = pgTable(
  'audit_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    gymId: integer('gym_id').references(() => gyms.id, { onDelete: 'cascade' }),
    // Kept as null when the account is erased: the record of what happened stays, the person does not.
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: inet('ip'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_logs_gym_time_idx').on(t.gymId, t.createdAt.desc()),
    index('audit_logs_gym_action_idx').on(t.gymId, t.action, t.createdAt.desc()),
    index('audit_logs_user_idx').on(t.userId),
  ],
);
