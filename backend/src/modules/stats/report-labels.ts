import { VOCABULARY, type ReportLanguage, type Vocabulary } from '@marhaba/shared';

/**
 * The words of the exported reports, per language. Numbers are formatted with `locale`. Enumerations and
 * site kinds take the console's words (`VOCABULARY`), so that the files and the screen agree.
 */
export interface ReportLabels {
  /** The language of the file: site names are given in it. */
  lang: ReportLanguage;
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
  channels: Vocabulary['channel'];
  total: string;
  daily: string;
  date: string;
  peakArrivals: string;
  peakDepartures: string;
  assistance: string;
  cases: string;
  categories: Vocabulary['category'];
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
  kinds: Vocabulary['kind'];
  countedInTotals: string;
  yes: string;
  no: string;
  totalsNote: string;
  generated: string;
  completeness: string;
  completenessByDay: string;
  hoursWithData: string;
  hoursExpected: string;
  completenessShare: string;
  completenessNote: string;
}

const fr: ReportLabels = {
  lang: 'fr',
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
  arrivals: VOCABULARY.fr.direction.arrival,
  departures: VOCABULARY.fr.direction.departure,
  people: 'Personnes',
  vehicles: 'Véhicules',
  channels: VOCABULARY.fr.channel,
  total: 'Total',
  daily: 'Flux quotidiens',
  date: 'Date',
  peakArrivals: "Jour record d'arrivées",
  peakDepartures: 'Jour record de départs',
  assistance: 'Assistance',
  cases: 'Cas',
  categories: VOCABULARY.fr.category,
  centralOffice: 'Bureau central de coordination',
  processed: 'Demandes traitées',
  busStaging: 'Gestion des autocars (aire Méditerranée)',
  passengers: 'Passagers',
  buses: VOCABULARY.fr.mode.bus,
  minibuses: VOCABULARY.fr.mode.minibus,
  previous: (year) => `Édition précédente (${year})`,
  change: 'Variation (%)',
  source: { recorded: 'données enregistrées', reference: 'chiffres publiés' },
  bySite: 'Par site',
  kind: 'Type',
  kinds: VOCABULARY.fr.kind,
  countedInTotals: 'Compté dans les totaux',
  yes: 'oui',
  no: 'non',
  totalsNote: 'Les totaux comptent les passages aux ports, aéroports et frontières terrestres du Maroc ; les aires de repos et les ports étrangers sont présentés par site.',
  generated: 'Édité le',
  completeness: 'Complétude des remontées',
  completenessByDay: 'Complétude par jour',
  hoursWithData: 'Heures avec données',
  hoursExpected: 'Heures attendues',
  completenessShare: 'Complétude (%)',
  completenessNote: "Une heure est attendue d'un site quand il a remonté des données à cette heure-là au moins un jour sur deux de ses jours d'activité de l'édition.",
};

const en: ReportLabels = {
  lang: 'en',
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
  arrivals: VOCABULARY.en.direction.arrival,
  departures: VOCABULARY.en.direction.departure,
  people: 'People',
  vehicles: 'Vehicles',
  channels: VOCABULARY.en.channel,
  total: 'Total',
  daily: 'Daily traffic',
  date: 'Date',
  peakArrivals: 'Peak day for arrivals',
  peakDepartures: 'Peak day for departures',
  assistance: 'Assistance',
  cases: 'Cases',
  categories: VOCABULARY.en.category,
  centralOffice: 'Central Coordination Office',
  processed: 'Requests processed',
  busStaging: 'Bus management (Méditerranée area)',
  passengers: 'Passengers',
  buses: VOCABULARY.en.mode.bus,
  minibuses: VOCABULARY.en.mode.minibus,
  previous: (year) => `Previous edition (${year})`,
  change: 'Change (%)',
  source: { recorded: 'recorded data', reference: 'published figures' },
  bySite: 'By site',
  kind: 'Kind',
  kinds: VOCABULARY.en.kind,
  countedInTotals: 'Counted in totals',
  yes: 'yes',
  no: 'no',
  totalsNote: "Totals count crossings at Morocco's ports, airports and land borders; rest areas and ports abroad are shown per site.",
  generated: 'Generated on',
  completeness: 'Reporting completeness',
  completenessByDay: 'Completeness by day',
  hoursWithData: 'Hours with data',
  hoursExpected: 'Hours expected',
  completenessShare: 'Completeness (%)',
  completenessNote: 'An hour is expected of a site when the site reported in that hour on at least half of the days on which it reported in the edition.',
};

const ar: ReportLabels = {
  lang: 'ar',
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
  arrivals: VOCABULARY.ar.direction.arrival,
  departures: VOCABULARY.ar.direction.departure,
  people: 'الأشخاص',
  vehicles: 'المركبات',
  channels: VOCABULARY.ar.channel,
  total: 'المجموع',
  daily: 'الحركة اليومية',
  date: 'التاريخ',
  peakArrivals: 'يوم ذروة الوصول',
  peakDepartures: 'يوم ذروة المغادرة',
  assistance: 'المساعدة',
  cases: 'الحالات',
  categories: VOCABULARY.ar.category,
  centralOffice: 'مكتب التنسيق المركزي',
  processed: 'الطلبات المعالجة',
  busStaging: 'تنظيم الحافلات (باحة المتوسط)',
  passengers: 'الركاب',
  buses: VOCABULARY.ar.mode.bus,
  minibuses: VOCABULARY.ar.mode.minibus,
  previous: (year) => `الدورة السابقة (${year})`,
  change: 'التغير (%)',
  source: { recorded: 'بيانات مسجلة', reference: 'أرقام منشورة' },
  bySite: 'حسب الموقع',
  kind: 'النوع',
  kinds: VOCABULARY.ar.kind,
  countedInTotals: 'ضمن المجاميع',
  yes: 'نعم',
  no: 'لا',
  totalsNote: 'تحتسب المجاميع العبور من موانئ ومطارات ومعابر المغرب البرية؛ وتعرض باحات الاستراحة والموانئ الأجنبية حسب الموقع.',
  generated: 'تاريخ الإصدار',
  completeness: 'اكتمال الإبلاغ',
  completenessByDay: 'الاكتمال حسب اليوم',
  hoursWithData: 'ساعات بها بيانات',
  hoursExpected: 'الساعات المتوقعة',
  completenessShare: 'الاكتمال (%)',
  completenessNote: 'تكون الساعة متوقعة من موقع إذا أبلغ فيها يوما على الأقل من كل يومين من أيام نشاطه خلال الدورة.',
};

export const REPORT_LABELS: Record<ReportLanguage, ReportLabels> = { fr, en, ar };
