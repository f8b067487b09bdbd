-- Records the application cannot rewrite (issue 12).
--
-- 1. The event tables refuse UPDATE, DELETE and TRUNCATE like the archive, the points ledger,
--    the decode log and the access log already do (the trigger function is the one the
--    consultation migration created).
-- 2. The archive becomes a chain: each record holds the hash of the previous one and an HMAC
--    signature made with a key that is not in the database (the application computes both).
--    Records written before this migration keep NULL chain fields and are reported as unchained.
-- 3. The runtime role huiying_app: what the API and the worker connect as. It may read and write
--    the read model, but only SELECT and INSERT on the append-only tables, no TRUNCATE anywhere
--    and nothing on the migrations table. The role is created NOLOGIN here when absent (the
--    start-up gives it a password and LOGIN), or beforehand by an administrator when the
--    migration owner may not create roles. Tables of later migrations get the read-write grant
--    through default privileges: a later append-only table must REVOKE UPDATE and DELETE itself.

CREATE TRIGGER "RequestEvent_append_only" BEFORE UPDATE OR DELETE ON "RequestEvent"
  FOR EACH ROW EXECUTE FUNCTION "huiying_append_only"();
CREATE TRIGGER "RequestEvent_no_truncate" BEFORE TRUNCATE ON "RequestEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "huiying_append_only"();
CREATE TRIGGER "ConsultationEvent_append_only" BEFORE UPDATE OR DELETE ON "ConsultationEvent"
  FOR EACH ROW EXECUTE FUNCTION "huiying_append_only"();
CREATE TRIGGER "ConsultationEvent_no_truncate" BEFORE TRUNCATE ON "ConsultationEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "huiying_append_only"();

ALTER TABLE "ConsultationArchive" ADD COLUMN "chainSeq" INTEGER,
  ADD COLUMN "prevHash" TEXT,
  ADD COLUMN "recordHash" TEXT,
  ADD COLUMN "signature" TEXT,
  ADD COLUMN "signingKeyId" TEXT;
CREATE UNIQUE INDEX "ConsultationArchive_chainSeq_key" ON "ConsultationArchive"("chainSeq");

DO E'BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ''huiying_app'') THEN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
      CREATE ROLE huiying_app NOLOGIN\073
    ELSE
      RAISE WARNING ''role huiying_app is absent and % may not create it: grants skipped'', current_user\073
      RETURN\073
    END IF\073
  END IF\073
  GRANT USAGE ON SCHEMA public TO huiying_app\073
  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO huiying_app\073
  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO huiying_app\073
  REVOKE UPDATE, DELETE, TRUNCATE ON "RequestEvent", "ConsultationEvent", "ConsultationArchive",
    "PointLedgerEntry", "AccessLog", "CodecDecodeLog" FROM huiying_app\073
  REVOKE ALL ON "_prisma_migrations" FROM huiying_app\073
  ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO huiying_app\073
  ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO huiying_app\073
END';
