import type { Kysely, Transaction } from 'kysely';
import type { Database, RoleAssignmentRow, UserAccountRow } from '../schema.js';

export interface AssignmentWithUnit extends RoleAssignmentRow {
  orgUnitPath: string;
  orgUnitNameZh: string;
  orgUnitNameEn: string | null;
}

export class UserRepository {
  constructor(private readonly db: Kysely<Database> | Transaction<Database>) {}

  async insert(
    user: Omit<UserAccountRow, 'id' | 'failedSignIns' | 'lockedUntil' | 'disabledAt' | 'email'> & {
      email?: string | null;
    },
  ): Promise<number> {
    const row = await this.db
      .insertInto('userAccount')
      .values(user)
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async byUsername(username: string): Promise<UserAccountRow | undefined> {
    return this.db
      .selectFrom('userAccount')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
  }

  async byId(id: number): Promise<UserAccountRow | undefined> {
    return this.db.selectFrom('userAccount').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('userAccount')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow();
    return Number(row.total);
  }

  /** Users holding at least one role on a unit within one of the subtrees (all users when `paths` is null). */
  async listWithin(paths: readonly string[] | null): Promise<UserAccountRow[]> {
    let query = this.db.selectFrom('userAccount').selectAll('userAccount');
    if (paths !== null) {
      if (paths.length === 0) return [];
      query = query.where('userAccount.id', 'in', (eb) =>
        eb
          .selectFrom('roleAssignment')
          .innerJoin('orgUnit', 'orgUnit.code', 'roleAssignment.orgUnitCode')
          .where((inner) =>
            inner.or(paths.map((path) => inner('orgUnit.path', 'like', `${path}%`))),
          )
          .select('roleAssignment.userId'),
      );
    }
    return query.orderBy('userAccount.username').execute();
  }

  /** Counts a failed sign-in in the database itself (so concurrent failures all count) and returns the new count. */
  async recordFailedSignIn(id: number): Promise<number> {
    const row = await this.db
      .updateTable('userAccount')
      .set((eb) => ({ failedSignIns: eb('failedSignIns', '+', 1) }))
      .where('id', '=', id)
      .returning('failedSignIns')
      .executeTakeFirstOrThrow();
    return row.failedSignIns;
  }

  async lockUntil(id: number, lockedUntil: string): Promise<void> {
    await this.db.updateTable('userAccount').set({ lockedUntil }).where('id', '=', id).execute();
  }

  async clearFailedSignIns(id: number): Promise<void> {
    await this.db
      .updateTable('userAccount')
      .set({ failedSignIns: 0, lockedUntil: null })
      .where('id', '=', id)
      .execute();
  }

  async setPassword(id: number, passwordHash: string, at: string): Promise<void> {
    await this.db
      .updateTable('userAccount')
      .set({ passwordHash, passwordChangedAt: at })
      .where('id', '=', id)
      .execute();
  }

  private assignmentsWithUnits() {
    return this.db
      .selectFrom('roleAssignment')
      .innerJoin('orgUnit', 'orgUnit.code', 'roleAssignment.orgUnitCode')
      .selectAll('roleAssignment')
      .select([
        'orgUnit.path as orgUnitPath',
        'orgUnit.nameZh as orgUnitNameZh',
        'orgUnit.nameEn as orgUnitNameEn',
      ]);
  }

  async assignments(userIds: readonly number[]): Promise<AssignmentWithUnit[]> {
    if (userIds.length === 0) return [];
    return this.assignmentsWithUnits()
      .where('roleAssignment.userId', 'in', userIds)
      .orderBy('roleAssignment.id')
      .execute();
  }

  async assignment(id: number): Promise<AssignmentWithUnit | undefined> {
    return this.assignmentsWithUnits().where('roleAssignment.id', '=', id).executeTakeFirst();
  }

  async insertAssignment(assignment: Omit<RoleAssignmentRow, 'id'>): Promise<number> {
    const row = await this.db
      .insertInto('roleAssignment')
      .values(assignment)
      .onConflict((oc) => oc.columns(['userId', 'role', 'orgUnitCode']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id ?? 0;
  }

  async deleteAssignment(id: number): Promise<void> {
    await this.db.deleteFrom('roleAssignment').where('id', '=', id).execute();
  }
}
