-- The access log (PIPL): reads of personal data, exports, reveals and admin changes.
-- CreateTable
CREATE TABLE "AccessLog" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "subject" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "unitCode" TEXT,
    "action" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "recordIds" TEXT[],
    "fields" TEXT[],
    "maskedFields" TEXT[],
    "purpose" TEXT,
    "change" JSONB,

    CONSTRAINT "AccessLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AccessLog_at_idx" ON "AccessLog"("at");

-- CreateIndex
CREATE INDEX "AccessLog_subject_at_idx" ON "AccessLog"("subject", "at");

-- CreateIndex
CREATE INDEX "AccessLog_recordIds_idx" ON "AccessLog" USING GIN ("recordIds");

-- Append-only like the decode log: a reader cannot erase the record of their reading.
CREATE TRIGGER "AccessLog_append_only" BEFORE UPDATE OR DELETE ON "AccessLog"
  FOR EACH ROW EXECUTE FUNCTION "huiying_append_only"();
CREATE TRIGGER "AccessLog_no_truncate" BEFORE TRUNCATE ON "AccessLog"
  FOR EACH STATEMENT EXECUTE FUNCTION "huiying_append_only"();
