-- 社区议事协商 (consultation items), their archive (一事一档) and the 治理积分 ledger.

-- CreateTable
CREATE TABLE "ConsultationItem" (
    "id" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "communityCode" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "track" TEXT NOT NULL,
    "proposerResidentId" TEXT,
    "proposerName" TEXT,
    "proposerPhone" TEXT,
    "hotspotRequestIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "routing" JSONB,
    "status" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "overdue" BOOLEAN NOT NULL DEFAULT false,
    "deadline" TIMESTAMP(3),
    "meetingAt" TIMESTAMP(3),
    "publicityEndsAt" TIMESTAMP(3),
    "ownerLabel" TEXT,
    "progressPercent" INTEGER NOT NULL DEFAULT 0,
    "noConsensusCount" INTEGER NOT NULL DEFAULT 0,
    "routedRequestId" TEXT,
    "outcome" TEXT,
    "lastEventSeq" INTEGER NOT NULL DEFAULT 0,
    "createdBy" TEXT NOT NULL,
    "collectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConsultationItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsultationEvent" (
    "itemId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "reason" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "ConsultationEvent_pkey" PRIMARY KEY ("itemId","seq")
);

-- CreateTable
CREATE TABLE "ConsultationArchive" (
    "itemId" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "outcome" TEXT NOT NULL,
    "archivedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsultationArchive_pkey" PRIMARY KEY ("itemId")
);

-- CreateTable
CREATE TABLE "ConsultationTopic" (
    "communityCode" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "allowed" BOOLEAN NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "requiredCategories" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConsultationTopic_pkey" PRIMARY KEY ("communityCode","code")
);

-- CreateTable
CREATE TABLE "PointLedgerEntry" (
    "id" SERIAL NOT NULL,
    "residentId" TEXT NOT NULL,
    "itemId" TEXT,
    "event" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "awardKey" TEXT NOT NULL,
    "reversesId" INTEGER,
    "reason" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PointLedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ConsultationItem_idempotencyKey_key" ON "ConsultationItem"("idempotencyKey");

-- CreateIndex
CREATE INDEX "ConsultationItem_communityCode_collectedAt_idx" ON "ConsultationItem"("communityCode", "collectedAt");

-- CreateIndex
CREATE INDEX "ConsultationItem_status_idx" ON "ConsultationItem"("status");

-- CreateIndex
CREATE INDEX "ConsultationItem_track_idx" ON "ConsultationItem"("track");

-- CreateIndex
CREATE INDEX "ConsultationEvent_type_at_idx" ON "ConsultationEvent"("type", "at");

-- CreateIndex
CREATE UNIQUE INDEX "PointLedgerEntry_awardKey_key" ON "PointLedgerEntry"("awardKey");

-- CreateIndex
CREATE UNIQUE INDEX "PointLedgerEntry_reversesId_key" ON "PointLedgerEntry"("reversesId");

-- CreateIndex
CREATE INDEX "PointLedgerEntry_residentId_id_idx" ON "PointLedgerEntry"("residentId", "id");

-- AddForeignKey
ALTER TABLE "ConsultationEvent" ADD CONSTRAINT "ConsultationEvent_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "ConsultationItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsultationArchive" ADD CONSTRAINT "ConsultationArchive_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "ConsultationItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PointLedgerEntry" ADD CONSTRAINT "PointLedgerEntry_reversesId_fkey" FOREIGN KEY ("reversesId") REFERENCES "PointLedgerEntry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- 一事一档 and the 治理积分 ledger are append-only: the database itself refuses UPDATE, DELETE and
-- TRUNCATE on them (corrections to points are reversal entries, and an archive record is never rewritten).
-- Prisma's migration runner splits scripts at every semicolon, dollar quotes included, so the
-- function body is an E'' string whose statement terminator is written as the octal escape \073.
CREATE FUNCTION "huiying_append_only"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN RAISE EXCEPTION ''table % is append-only: % refused'', TG_TABLE_NAME, TG_OP USING ERRCODE = ''restrict_violation''\073 END';

CREATE TRIGGER "ConsultationArchive_append_only" BEFORE UPDATE OR DELETE ON "ConsultationArchive"
  FOR EACH ROW EXECUTE FUNCTION "huiying_append_only"();
CREATE TRIGGER "ConsultationArchive_no_truncate" BEFORE TRUNCATE ON "ConsultationArchive"
  FOR EACH STATEMENT EXECUTE FUNCTION "huiying_append_only"();
CREATE TRIGGER "PointLedgerEntry_append_only" BEFORE UPDATE OR DELETE ON "PointLedgerEntry"
  FOR EACH ROW EXECUTE FUNCTION "huiying_append_only"();
CREATE TRIGGER "PointLedgerEntry_no_truncate" BEFORE TRUNCATE ON "PointLedgerEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION "huiying_append_only"();
