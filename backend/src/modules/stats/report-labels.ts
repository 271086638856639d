import type { CaseCategory, ReportLanguage, SiteKind } from '@marhaba/shared';

/** The words of the exported reports, per language. Numbers are formatted with `locale`. */
export interface ReportLabels {
  locale: string;
  rtl: boolean;
  title: (year: number) => string;
  period: string;
  site: string;
  allSites: string;
  keyFigures: string;
  section: string;
  item: string;
  measure: string;
  value: string;
  arrivals: string;
  departures: string;
  people: string;
  vehicles: string;
  channels: { sea: string; air: string };
  total: string;
  daily: string;
  date: string;
  peakArrivals: string;
  peakDepartures: string;
  assistance: string;
  cases: string;
  categories: Record<CaseCategory, string>;
  centralOffice: string;
  processed: string;
  busStaging: string;
  passengers: string;
  buses: string;
  minibuses: string;
  previous: (year: number) => string;
  change: string;
  source: { recorded: string; reference: string };
  bySite: string;
  kind: string;
  kinds: Record<SiteKind, string>;
  countedInTotals: string;
  yes: string;
  no: string;
  totalsNote: string;
  generated: string;
}

const fr: ReportLabels = {
  locale: 'fr-FR',
  rtl: false,
  title: (year) => `Opération Marhaba ${year} — statistiques de la saison`,
  period: 'Période',
  site: 'Site',
  allSites: 'tous les sites',
  keyFigures: 'Chiffres clés',
  section: 'Rubrique',
  item: 'Élément',
  measure: 'Mesure',
  value: 'Valeur',
  arrivals: 'Arrivées',
  departures: 'Départs',
  people: 'Personnes',
  vehicles: 'Véhicules',
  channels: { sea: 'Voie maritime', air: 'Voie aérienne' },
  total: 'Total',
  daily: 'Flux quotidiens',
  date: 'Date',
  peakArrivals: "Jour record d'arrivées",
  peakDepartures: 'Jour record de départs',
  assistance: 'Assistance',
  cases: 'Cas',
  categories: { information: 'Information et orientation', administrative: 'Administratif et juridique', customs: 'Douane', medical: 'Médical', transport: 'Transport' },
  centralOffice: 'Bureau central de coordination',
  processed: 'Demandes traitées',
  busStaging: 'Gestion des autocars (aire Méditerranée)',
  passengers: 'Passagers',
  buses: 'Autocars',
  minibuses: 'Minibus',
  previous: (year) => `Édition précédente (${year})`,
  change: 'Variation (%)',
  source: { recorded: 'données enregistrées', reference: 'chiffres publiés' },
  bySite: 'Par site',
  kind: 'Type',
  kinds: { port: 'Port', airport: 'Aéroport', land_border: 'Frontière terrestre', rest_area: 'Aire de repos' },
  countedInTotals: 'Compté dans les totaux',
  yes: 'oui',
  no: 'non',
  totalsNote: 'Les totaux comptent les passages aux ports, aéroports et frontières terrestres du Maroc ; les aires de repos et les ports étrangers sont présentés par site.',
  generated: 'Édité le',
};

const en: ReportLabels = {
  locale: 'en-GB',
  rtl: false,
  title: (year) => `Operation Marhaba ${year} — season statistics`,
  period: 'Period',
  site: 'Site',
  allSites: 'all sites',
  keyFigures: 'Key figures',
  section: 'Section',
  item: 'Item',
  measure: 'Measure',
  value: 'Value',
  arrivals: 'Arrivals',
  departures: 'Departures',
  people: 'People',
  vehicles: 'Vehicles',
  channels: { sea: 'By sea', air: 'By air' },
  total: 'Total',
  daily: 'Daily traffic',
  date: 'Date',
  peakArrivals: 'Peak day for arrivals',
  peakDepartures: 'Peak day for departures',
  assistance: 'Assistance',
  cases: 'Cases',
  categories: { information: 'Information and guidance', administrative: 'Administrative and legal', customs: 'Customs', medical: 'Medical', transport: 'Transport' },
  centralOffice: 'Central Coordination Office',
  processed: 'Requests processed',
  busStaging: 'Bus management (Méditerranée area)',
  passengers: 'Passengers',
  buses: 'Buses',
  minibuses: 'Minibuses',
  previous: (year) => `Previous edition (${year})`,
  change: 'Change (%)',
  source: { recorded: 'recorded data', reference: 'published figures' },
  bySite: 'By site',
  kind: 'Kind',
  kinds: { port: 'Port', airport: 'Airport', land_border: 'Land border', rest_area: 'Rest area' },
  countedInTotals: 'Counted in totals',
  yes: 'yes',
  no: 'no',
  totalsNote: "Totals count crossings at Morocco's ports, airports and land borders; rest areas and ports abroad are shown per site.",
  generated: 'Generated on',
};

const ar: ReportLabels = {
  locale: 'ar-MA',
  rtl: true,
  title: (year) => `عملية مرحبا ${year} — إحصائيات الموسم`,
  period: 'الفترة',
  site: 'الموقع',
  allSites: 'جميع المواقع',
  keyFigures: 'الأرقام الرئيسية',
  section: 'الباب',
  item: 'البند',
  measure: 'المقياس',
  value: 'القيمة',
  arrivals: 'الوافدون',
  departures: 'المغادرون',
  people: 'الأشخاص',
  vehicles: 'المركبات',
  channels: { sea: 'عبر البحر', air: 'عبر الجو' },
  total: 'المجموع',
  daily: 'الحركة اليومية',
  date: 'التاريخ',
  peakArrivals: 'يوم ذروة الوصول',
  peakDepartures: 'يوم ذروة المغادرة',
  assistance: 'المساعدة',
  cases: 'الحالات',
  categories: { information: 'الإرشاد والمعلومات', administrative: 'إداري وقانوني', customs: 'جمركي', medical: 'طبي', transport: 'النقل' },
  centralOffice: 'مكتب التنسيق المركزي',
  processed: 'الطلبات المعالجة',
  busStaging: 'تنظيم الحافلات (باحة المتوسط)',
  passengers: 'الركاب',
  buses: 'الحافلات',
  minibuses: 'الحافلات الصغيرة',
  previous: (year) => `الدورة السابقة (${year})`,
  change: 'التغير (%)',
  source: { recorded: 'بيانات مسجلة', reference: 'أرقام منشورة' },
  bySite: 'حسب الموقع',
  kind: 'النوع',
  kinds: { port: 'ميناء', airport: 'مطار', land_border: 'معبر بري', rest_area: 'باحة استراحة' },
  countedInTotals: 'ضمن المجاميع',
  yes: 'نعم',
  no: 'لا',
  totalsNote: 'تحتسب المجاميع العبور من موانئ ومطارات ومعابر المغرب البرية؛ وتعرض باحات الاستراحة والموانئ الأجنبية حسب الموقع.',
  generated: 'تاريخ الإصدار',
};

export const REPORT_LABELS: Record<ReportLanguage, ReportLabels> = { fr, en, ar };
