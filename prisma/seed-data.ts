import type { UnitKind } from '../domain/shared/org';

/**
 * Demo data loaded on first start: one district with two streets, their communities and grids,
 * a few departments, and a 事项目录 drawn from the most frequent 12345 categories.
 */
export const DEMO_UNITS: { code: string; name: string; tier: UnitKind; parentCode: string | null }[] = [
  { code: 'D-DC', name: '东城区指挥中心', tier: 'DISTRICT', parentCode: null },
  { code: 'S-DHM', name: '东华门街道分中心', tier: 'STREET', parentCode: 'D-DC' },
  { code: 'S-JS', name: '景山街道分中心', tier: 'STREET', parentCode: 'D-DC' },
  { code: 'C-DFX', name: '多福巷社区工作站', tier: 'COMMUNITY', parentCode: 'S-DHM' },
  { code: 'C-NCZ', name: '南池子社区工作站', tier: 'COMMUNITY', parentCode: 'S-DHM' },
  { code: 'C-JSDJ', name: '景山东街社区工作站', tier: 'COMMUNITY', parentCode: 'S-JS' },
  { code: 'G-DFX-01', name: '多福巷第一网格', tier: 'GRID', parentCode: 'C-DFX' },
  { code: 'G-DFX-02', name: '多福巷第二网格', tier: 'GRID', parentCode: 'C-DFX' },
  { code: 'G-NCZ-01', name: '南池子第一网格', tier: 'GRID', parentCode: 'C-NCZ' },
  { code: 'G-JSDJ-01', name: '景山东街第一网格', tier: 'GRID', parentCode: 'C-JSDJ' },
  { code: 'DEP-WATER', name: '区水务局', tier: 'DEPARTMENT', parentCode: 'D-DC' },
  { code: 'DEP-CITY', name: '区城市管理委员会', tier: 'DEPARTMENT', parentCode: 'D-DC' },
  { code: 'DEP-HOUSING', name: '区住房和城乡建设委员会', tier: 'DEPARTMENT', parentCode: 'D-DC' },
  { code: 'DEP-MARKET', name: '区市场监督管理局', tier: 'DEPARTMENT', parentCode: 'D-DC' },
];

export const DEMO_CATEGORIES: { code: string; name: string; description: string }[] = [
  { code: 'NOISE', name: '噪音扰民', description: '施工、商户、邻里噪音' },
  { code: 'UTILITIES', name: '水电气热', description: '停水停电、供暖、燃气 (时效类)' },
  { code: 'PROPERTY', name: '物业管理', description: '物业服务、公共设施维修' },
  { code: 'HOUSING', name: '住房', description: '房屋质量、产权证办理' },
  { code: 'MARKET', name: '市场管理', description: '消费纠纷、价格、食品安全' },
  { code: 'TRAFFIC', name: '交通', description: '道路、停车、公交' },
  { code: 'ENV', name: '环境卫生', description: '垃圾清运、绿化、污染' },
  { code: 'LABOR', name: '劳动社保', description: '欠薪、社保' },
  { code: 'PUBLIC_SERVICE', name: '公共服务', description: '养老、托育、社区服务' },
  { code: 'SAFETY', name: '社会秩序与安全', description: '安全隐患、突发事件' },
];
