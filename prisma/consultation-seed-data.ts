import type { PrismaClient } from '@prisma/client';
import type { ParticipantCategory } from '../domain/consultations/model';

/**
 * A demo 五议五不议 catalogue (《村(社区)协商目录》, as in the Kenli "345" model): five kinds of
 * matter the community consults on (五议), drawn from the 41号 content groups, and five it does
 * not (五不议), by analogy with 12345's exclusions (domain spec §3). Admins replace it per
 * community with PUT /v1/consultation-catalogue/:communityCode.
 */
export const DEMO_CONSULTATION_TOPICS: {
  code: string;
  name: string;
  allowed: boolean;
  description: string;
  requiredCategories: ParticipantCategory[];
}[] = [
  // 五议
  {
    code: 'PUBLIC_FACILITIES',
    name: '公共设施建设与维护',
    allowed: true,
    description: '小区道路、照明、健身器材、充电桩等公共设施的新建、改造与维护',
    requiredCategories: [],
  },
  {
    code: 'ENVIRONMENT',
    name: '环境卫生与绿化',
    allowed: true,
    description: '垃圾分类、绿化、楼道堆物、餐饮油烟等环境事项',
    requiredCategories: [],
  },
  {
    code: 'PROPERTY_MANAGEMENT',
    name: '物业服务与小区管理',
    allowed: true,
    description: '物业服务质量、停车管理、公共收益使用等',
    requiredCategories: ['PROPERTY_COMPANY'],
  },
  {
    code: 'RENOVATION',
    name: '老旧小区改造与加装电梯',
    allowed: true,
    description: '老旧小区综合整治、加装电梯、管线改造等涉及多方利益的事项',
    requiredCategories: ['INTERESTED_PARTY'],
  },
  {
    code: 'RESIDENT_CONVENTION',
    name: '居民公约与邻里公共事务',
    allowed: true,
    description: '居民公约、自治章程、文明养犬、邻里公共空间使用等',
    requiredCategories: [],
  },
  // 五不议
  {
    code: 'LITIGATION',
    name: '涉及诉讼、仲裁、纪检监察的事项',
    allowed: false,
    description: '已进入或应当通过诉讼、仲裁、纪检监察等法定途径解决的事项',
    requiredCategories: [],
  },
  {
    code: 'SECRETS_PRIVACY',
    name: '涉及国家秘密、商业秘密和个人隐私的事项',
    allowed: false,
    description: '依法不得公开协商的事项',
    requiredCategories: [],
  },
  {
    code: 'BEYOND_COMPETENCE',
    name: '超出社区职权范围的事项',
    allowed: false,
    description: '属于政府职能部门职责的事项，转接诉即办派单办理',
    requiredCategories: [],
  },
  {
    code: 'UNLAWFUL',
    name: '违反法律法规和政策的事项',
    allowed: false,
    description: '协商结果可能违反法律法规、政策规定的事项',
    requiredCategories: [],
  },
  {
    code: 'PRIVATE_DISPUTE',
    name: '个人私事与个体纠纷',
    allowed: false,
    description: '不涉及公共利益的个人诉求或个体纠纷，转接诉即办或人民调解',
    requiredCategories: [],
  },
];

export const DEMO_CONSULTATION_COMMUNITIES = ['C-DFX', 'C-NCZ', 'C-JSDJ'] as const;

/** Loads the demo catalogue for the seeded communities. Idempotent: an admin's changes are kept. */
export async function seedConsultationCatalogue(prisma: PrismaClient): Promise<{ topics: number }> {
  let topics = 0;
  for (const communityCode of DEMO_CONSULTATION_COMMUNITIES) {
    const community = await prisma.unit.findUnique({ where: { code: communityCode } });
    if (!community) continue;
    const existing = await prisma.consultationTopic.count({ where: { communityCode } });
    // A community whose catalogue an admin has set (even to fewer entries) is left alone.
    if (existing > 0) continue;
    await prisma.consultationTopic.createMany({
      data: DEMO_CONSULTATION_TOPICS.map((t) => ({ communityCode, ...t })),
      skipDuplicates: true,
    });
    topics += DEMO_CONSULTATION_TOPICS.length;
  }
  return { topics };
}
