import { z } from 'zod';
import { Id, IsoDateTime, Text, Timestamp } from './common.js';

export const AuditLog = z.object({
  id: Id,
  gym_id: Id.nullable(),
  user_id: Id.nullable(),
  action: z.string(),
  target_type: z.string().nullable(),
  target_id: z.string().nullable(),
  ip: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  created_at: Timestamp,
});
export type AuditLog = z.infer<typeof AuditLog>;

export const AuditQuery = z.object({
  action: Text.max(64).optional().describe('Exact action, e.g. member.role_changed'),
  user_id: Id.optional().describe('Who acted'),
  from: IsoDateTime.optional().describe('Inclusive lower bound (ISO 8601)'),
  to: IsoDateTime.optional().describe('Exclusive upper bound (ISO 8601)'),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
