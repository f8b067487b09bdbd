-- Open311 publishes only what was written for publication: the citizen's consent to publish the
-- description, and the public reply the platform approved.
-- AlterTable
ALTER TABLE "Request" ADD COLUMN "publicDescriptionConsent" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "publicReply" TEXT,
ADD COLUMN "publicReplyAt" TIMESTAMP(3),
ADD COLUMN "publicReplyBy" TEXT;
