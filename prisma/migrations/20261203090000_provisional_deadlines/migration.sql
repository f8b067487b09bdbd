-- Deadlines counted past the statutory calendar's data (provisional Monday–Friday rule): listed
-- so that loading the year's notice can have them recounted.
ALTER TABLE "Request" ADD COLUMN "deadlinesProvisional" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "ConsultationItem" ADD COLUMN "deadlinesProvisional" BOOLEAN NOT NULL DEFAULT false;
