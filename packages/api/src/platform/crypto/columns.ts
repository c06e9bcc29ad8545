import { getTableColumns, getTableName, type Table } from 'drizzle-orm';
import { customType } from 'drizzle-orm/pg-core';
import type { Keyring } from './keyring.js';
import { SEALED_PATTERN } from './keyring.js';

/*
 * How a module encrypts a column (ARCHITECTURE.md, "Encryption at rest"):
 *   1. declare it with `encrypted<number>('col')` (or <string>, or any JSON value) in tables.ts: a text column
 *      whose TypeScript type is `Sealed<T>`, so plaintext cannot be handed to Drizzle by mistake;
 *   2. describe the table once with `encryptedTable(table, { owner, fields })` — the compiler insists that every
 *      encrypted column is listed, with the codec its type needs;
 *   3. in the repo, `seal(keyring, owner, values)` before insert/update and `open(keyring, row)` after a select.
 * `pulso rotate-key` and the start-up pass find the table through the registry below.
 */

/** The stored text of an encrypted value of type T (a compile-time brand; at run time a string). */
export type Sealed<T> = string & { readonly __sealedValueOf: T };

const SEALED_RE = new RegExp(SEALED_PATTERN);

/** A text column holding `Sealed<T>`; writing anything that is not in the sealed format throws. */
export const encrypted = <T>(name: string) =>
  customType<{ data: Sealed<T>; driverData: string }>({
    dataType: () => 'text',
    toDriver(v) {
      // Defence in depth: a repo that forgot to seal fails loudly instead of storing plaintext.
      if (!SEALED_RE.test(v)) throw new Error(`plaintext reached the encrypted column ${name}`);
      return v;
    },
  })(name);

type Unseal<V> = V extends Sealed<infer T> ? T : V;
type ToSeal<V> = V extends Sealed<unknown> ? Unseal<V> : V;
/** A row (or insert values) with every encrypted field as its plain type. */
export type Opened<R> = { [K in keyof R]: Unseal<R[K]> };
type SealedKeys<R> = { [K in keyof R]-?: NonNullable<R[K]> extends Sealed<unknown> ? K : never }[keyof R];
type Codec = 'number' | 'text' | 'json';
type CodecOf<T> = [T] extends [number] ? 'number' : [T] extends [string] ? 'text' : 'json';
type Plain<R> = { [K in keyof R]: ToSeal<R[K]> };

/*
 * Plain values are encoded as text before sealing: numbers as their decimal text and text as itself are exactly
 * what PostgreSQL's cast of a real/smallint/text column to text gives, so a row from before encryption is
 * sealed as it stands (rotate.ts) and reads back as the same value.
 */
const encode: Record<Codec, (v: unknown) => string> = {
  number: (v) => String(v),
  text: (v) => v as string,
  json: (v) => JSON.stringify(v),
};
const decode: Record<Codec, (s: string) => unknown> = {
  number: (s) => {
    const n = Number(s);
    if (s.trim() === '' || !Number.isFinite(n)) throw new Error(`not a number: ${JSON.stringify(s)}`);
    return n;
  },
  text: (s) => s,
  json: (s) => JSON.parse(s) as unknown,
};

export interface EncryptedTableInfo {
  table: string;
  /** SQL name of the column whose value is in every AAD (the person the row belongs to). */
  owner: string;
  columns: { field: string; column: string; codec: Codec }[];
}

/** Every encrypted table, for `pulso rotate-key` and the start-up pass (filled as tables.ts modules load). */
export const ENCRYPTED_TABLES: EncryptedTableInfo[] = [];

/** AAD context of one value: binds it to its table, column and owner. */
export const contextOf = (table: string, column: string, owner: unknown) =>
  `${table}.${column}:${String(owner)}`;

export function encryptedTable<T extends Table>(
  table: T,
  spec: {
    owner: keyof T['$inferSelect'] & string;
    fields: { [K in SealedKeys<T['$inferSelect']>]: CodecOf<Unseal<NonNullable<T['$inferSelect'][K]>>> };
  },
) {
  type Row = T['$inferSelect'];
  const cols = getTableColumns(table);
  const name = getTableName(table);
  const fields = Object.entries(spec.fields as Record<string, Codec>).map(([field, codec]) => ({
    field,
    column: cols[field]!.name,
    codec,
  }));
  const info: EncryptedTableInfo = { table: name, owner: cols[spec.owner]!.name, columns: fields };
  ENCRYPTED_TABLES.push(info);

  return {
    info,
    /** Seals the encrypted fields present in `values` (null and undefined stay as they are). */
    seal<V extends Partial<Plain<T['$inferInsert']>>>(
      kr: Keyring,
      owner: number | string,
      values: V,
    ): V & Partial<T['$inferInsert']> {
      const out: Record<string, unknown> = { ...values };
      for (const f of fields) {
        const v = out[f.field];
        if (v != null) out[f.field] = kr.seal(encode[f.codec](v), contextOf(name, f.column, owner));
      }
      return out as V & Partial<T['$inferInsert']>;
    },
    /** Opens the encrypted fields of a selected row; the owner is read from the row itself. */
    open<R extends Partial<Row>>(kr: Keyring, row: R): Opened<R> {
      const out: Record<string, unknown> = { ...row };
      const owner = (row as Record<string, unknown>)[spec.owner];
      // Without it every AAD would be wrong and every value would look tampered with.
      if (owner == null) throw new Error(`${name}: select ${spec.owner} with the encrypted columns`);
      for (const f of fields) {
        const v = out[f.field];
        if (v != null) out[f.field] = decode[f.codec](kr.open(v as string, contextOf(name, f.column, owner)));
      }
      return out as Opened<R>;
    },
  };
}
