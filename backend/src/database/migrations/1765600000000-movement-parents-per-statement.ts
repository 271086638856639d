import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The parents of movements (`site_id` → sites, `recorded_by` → users) are checked once per statement
 * instead of once per row. A foreign key runs one `SELECT … FOR KEY SHARE` per inserted row (1,000 per
 * batch of 500, measured at half of the insert's time; on the one user row that concurrent tablets share,
 * each of them reads a MultiXact). The same guarantee, set-based:
 * - child side: after each INSERT or UPDATE statement on movements, its distinct sites and recorders are
 *   locked `FOR KEY SHARE` (as the foreign key locks them) and each must exist, or the statement fails
 *   with `foreign_key_violation` (23503), as before;
 * - parent side: deleting a site or user, or changing its id, is refused while a movement names it. The
 *   row is locked before its BEFORE trigger runs, so a deleter waits for every writer holding the key
 *   share lock, then sees its committed movements (in READ COMMITTED each statement of the function takes
 *   a fresh snapshot). In REPEATABLE READ or SERIALIZABLE that snapshot would be the transaction's, which
 *   could miss them: such deletions are refused outright (the console deletes neither);
 * - TRUNCATE of sites or users is refused unless movements are emptied by the same statement (checked
 *   after it, when every table named has been emptied), and outside READ COMMITTED for the same reason.
 * The guard functions are named `<child>_guard_parent` and carried by the parents: the backup orders its
 * tables by them as by foreign keys (`backend/src/backup/backup.ts`).
 * `backend/test/traffic.spec.ts` tries to break each of these.
 */
export class MovementParentsPerStatement1765600000000 implements MigrationInterface {
  name = 'MovementParentsPerStatement1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "movements" DROP CONSTRAINT "FK_movements_site"`);
    await q.query(`ALTER TABLE "movements" DROP CONSTRAINT "FK_movements_user"`);
    await q.query(`
      CREATE FUNCTION "movements_check_parents"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        site_ids text[];
        user_ids uuid[];
        missing text;
      BEGIN
        -- One pass over the statement's rows; then the few parents they name, locked as a foreign key locks them.
        SELECT array_agg(DISTINCT site_id), array_agg(DISTINCT recorded_by) INTO site_ids, user_ids
          FROM (SELECT site_id, recorded_by FROM new_rows GROUP BY 1, 2) p;
        IF site_ids IS NULL THEN
          RETURN NULL;
        END IF;
        SELECT n INTO missing FROM unnest(site_ids) n
         WHERE n NOT IN (SELECT s.id FROM sites s WHERE s.id = ANY(site_ids) FOR KEY SHARE) LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'insert or update on table "movements" violates foreign key "FK_movements_site"'
            USING ERRCODE = 'foreign_key_violation', DETAIL = format('Key (site_id)=(%s) is not present in table "sites".', missing);
        END IF;
        SELECT n::text INTO missing FROM unnest(user_ids) n
         WHERE n NOT IN (SELECT u.id FROM users u WHERE u.id = ANY(user_ids) FOR KEY SHARE) LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'insert or update on table "movements" violates foreign key "FK_movements_user"'
            USING ERRCODE = 'foreign_key_violation', DETAIL = format('Key (recorded_by)=(%s) is not present in table "users".', missing);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER "TRG_movements_parents_insert" AFTER INSERT ON "movements" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "movements_check_parents"()`);
    await q.query(`CREATE TRIGGER "TRG_movements_parents_update" AFTER UPDATE ON "movements" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "movements_check_parents"()`);
    await q.query(`
      CREATE FUNCTION "movements_guard_parent"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        referenced boolean;
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.id = OLD.id THEN
          RETURN NEW;
        END IF;
        IF current_setting('transaction_isolation') <> 'read committed' THEN
          RAISE EXCEPTION 'a % of "%" is only checked against movements in READ COMMITTED', lower(TG_OP), TG_TABLE_NAME
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF TG_TABLE_NAME = 'sites' THEN
          SELECT EXISTS (SELECT 1 FROM movements WHERE site_id = OLD.id::text) INTO referenced;
        ELSE
          SELECT EXISTS (SELECT 1 FROM movements WHERE recorded_by = OLD.id::uuid) INTO referenced;
        END IF;
        IF referenced THEN
          RAISE EXCEPTION '% on table "%" violates foreign key "%" on table "movements"', lower(TG_OP), TG_TABLE_NAME,
              CASE TG_TABLE_NAME WHEN 'sites' THEN 'FK_movements_site' ELSE 'FK_movements_user' END
            USING ERRCODE = 'foreign_key_violation', DETAIL = format('Key (id)=(%s) is still referenced from table "movements".', OLD.id);
        END IF;
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`
      CREATE FUNCTION "movements_guard_parent_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('transaction_isolation') <> 'read committed' THEN
          RAISE EXCEPTION 'a truncate of "%" is only checked against movements in READ COMMITTED', TG_TABLE_NAME
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF EXISTS (SELECT 1 FROM movements) THEN
          RAISE EXCEPTION 'cannot truncate "%": movements still reference it', TG_TABLE_NAME USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of ['sites', 'users']) {
      await q.query(`CREATE TRIGGER "TRG_${table}_movements_guard" BEFORE DELETE OR UPDATE OF id ON "${table}" FOR EACH ROW EXECUTE FUNCTION "movements_guard_parent"()`);
      await q.query(`CREATE TRIGGER "TRG_${table}_movements_guard_truncate" AFTER TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "movements_guard_parent_truncate"()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['sites', 'users']) {
      await q.query(`DROP TRIGGER "TRG_${table}_movements_guard_truncate" ON "${table}"`);
      await q.query(`DROP TRIGGER "TRG_${table}_movements_guard" ON "${table}"`);
    }
    await q.query(`DROP FUNCTION "movements_guard_parent_truncate"()`);
    await q.query(`DROP FUNCTION "movements_guard_parent"()`);
    await q.query(`DROP TRIGGER "TRG_movements_parents_update" ON "movements"`);
    await q.query(`DROP TRIGGER "TRG_movements_parents_insert" ON "movements"`);
    await q.query(`DROP FUNCTION "movements_check_parents"()`);
    await q.query(`ALTER TABLE "movements" ADD CONSTRAINT "FK_movements_user" FOREIGN KEY ("recorded_by") REFERENCES "users"("id")`);
    await q.query(`ALTER TABLE "movements" ADD CONSTRAINT "FK_movements_site" FOREIGN KEY ("site_id") REFERENCES "sites"("id")`);
  }
}
