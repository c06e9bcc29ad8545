import type { Executor } from './db/index.js';

/**
 * What a module keeps about a person, so the account routes can hand all of it over (`GET /users/me/export`)
 * and erase it (`DELETE /users/me`) without knowing the modules. Rows keyed by `user_id` with
 * `ON DELETE CASCADE` disappear with the account by themselves; `beforeErase` is for what needs a decision
 * (a gym about to lose its last owner) or lives outside the database. It runs inside the erasing transaction
 * and may return what to do once that transaction has committed (retire cached pages that counted the
 * person's places: retired earlier, a concurrent read could cache the pre-erasure rows again).
 */
export type AfterErase = () => Promise<void>;

export interface UserDataContributor {
  name: string;
  export?(userId: number, tx: Executor): Promise<unknown>;
  beforeErase?(userId: number, tx: Executor): Promise<void | AfterErase>;
  /**
   * After the person's name changed or the account is about to go: for modules that show the name elsewhere
   * (a class list naming its instructor) and cache it. Runs after the rename's commit; on erasure, inside
   * the erasing transaction, before the rows go.
   */
  nameChanged?(userId: number, tx?: Executor): Promise<void>;
}
