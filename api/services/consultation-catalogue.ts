import type { PrismaClient } from '@prisma/client';
import type { z } from 'zod';
import type { putCatalogueSchema } from '../../domain/consultations/schemas';
import { catalogueTopicOf, type Catalogue } from '../../domain/consultations/views';
import { HttpError } from '../errors';

async function assertCommunity(prisma: PrismaClient, code: string) {
  const unit = await prisma.unit.findUnique({ where: { code } });
  if (!unit || unit.tier !== 'COMMUNITY') throw new HttpError(404, 'NOT_FOUND', `community ${code} not found`);
}

/** The community's 五议五不议 catalogue: what may (allowed) and may not be consulted. */
export async function getCatalogue(prisma: PrismaClient, communityCode: string): Promise<Catalogue> {
  await assertCommunity(prisma, communityCode);
  const rows = await prisma.consultationTopic.findMany({ where: { communityCode }, orderBy: [{ allowed: 'desc' }, { code: 'asc' }] });
  return {
    communityCode,
    items: rows.map((r) => ({ ...catalogueTopicOf(r), updatedAt: r.updatedAt.toISOString() })),
  };
}

/**
 * Replaces the catalogue (admin). Running items are unaffected: a screening stores the topic as
 * it was, in the workflow history and in the archive record.
 */
export async function putCatalogue(
  prisma: PrismaClient,
  communityCode: string,
  input: z.output<typeof putCatalogueSchema>,
): Promise<Catalogue> {
  await assertCommunity(prisma, communityCode);
  await prisma.$transaction(async (tx) => {
    await tx.consultationTopic.deleteMany({ where: { communityCode, code: { notIn: input.items.map((i) => i.code) } } });
    for (const item of input.items) {
      const data = {
        name: item.name,
        allowed: item.allowed,
        description: item.description,
        requiredCategories: item.requiredCategories,
      };
      await tx.consultationTopic.upsert({
        where: { communityCode_code: { communityCode, code: item.code } },
        create: { communityCode, code: item.code, ...data },
        update: data,
      });
    }
  });
  return getCatalogue(prisma, communityCode);
}
