-- The codec server's decode log (generated with prisma migrate diff, with the triggers added by hand).
-- CreateTable
CREATE TABLE "CodecDecodeLog" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "subject" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "namespace" TEXT,
    "workflowIds" TEXT[],
    "runId" TEXT,
    "payloadCount" INTEGER NOT NULL,
    "origin" TEXT,

    CONSTRAINT "CodecDecodeLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CodecDecodeLog_at_idx" ON "CodecDecodeLog"("at");

-- CreateIndex
CREATE INDEX "CodecDecodeLog_subject_at_idx" ON "CodecDecodeLog"("subject", "at");


-- Append-only, like the archive and the points ledger: an auditor's reading cannot be erased.
CREATE TRIGGER "CodecDecodeLog_append_only" BEFORE UPDATE OR DELETE ON "CodecDecodeLog"
  FOR EACH ROW EXECUTE FUNCTION "huiying_append_only"();
CREATE TRIGGER "CodecDecodeLog_no_truncate" BEFORE TRUNCATE ON "CodecDecodeLog"
  FOR EACH STATEMENT EXECUTE FUNCTION "huiying_append_only"();
