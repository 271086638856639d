import type { AlertLevel, CaseCategory, CaseStatus, CaseSubcategory, Channel, Direction, Mode, Priority, Role, SEXES, SiteKind, VULNERABILITIES } from './enums.js';
import type { ReportLanguage } from './stats.js';

/**
 * The names of the contract's enumerations and site kinds in each language: one wording, used by the
 * console (its i18n messages reference these) and by the exported reports (CSV, XLSX, PDF), so that a
 * supervisor reads the same word on the screen and in the file.
 */
export interface Vocabulary {
  kind: Record<SiteKind, string>;
  channel: Record<Channel, string>;
  direction: Record<Direction, string>;
  mode: Record<Mode, string>;
  category: Record<CaseCategory, string>;
  subcategory: Record<CaseSubcategory, string>;
  priority: Record<Priority, string>;
  status: Record<CaseStatus, string>;
  sex: Record<(typeof SEXES)[number], string>;
  vulnerability: Record<(typeof VULNERABILITIES)[number], string>;
  role: Record<Role, string>;
  alertLevel: Record<AlertLevel, string>;
}

const fr: Vocabulary = {
  kind: { port: 'Port', airport: 'Aéroport', land_border: 'Poste frontière', rest_area: 'Aire de repos' },
  channel: { sea: 'Voie maritime', air: 'Voie aérienne' },
  direction: { arrival: 'Arrivées', departure: 'Départs' },
  mode: { car: 'Voitures', bus: 'Autocars', minibus: 'Minibus', motorcycle: 'Motos', foot: 'Piétons', plane: 'Avions' },
  category: { information: 'Information', administrative: 'Administratif et juridique', customs: 'Douane', medical: 'Médical', transport: 'Transport' },
  subcategory: {
    guidance: 'Orientation',
    procedures: 'Démarches',
    crossing_times: 'Horaires de traversée',
    other: 'Autre',
    civil_status: 'État civil',
    identity_documents: 'Pièces d’identité',
    legal_advice: 'Conseil juridique',
    complaint: 'Réclamation',
    vehicle_import: 'Importation de véhicule',
    goods_declaration: 'Déclaration de marchandises',
    seizure: 'Saisie',
    first_aid: 'Premiers secours',
    emergency: 'Urgence',
    evacuation: 'Évacuation',
    hospitalisation: 'Hospitalisation',
    telemedicine: 'Télémédecine',
    breakdown: 'Panne',
    ticketing: 'Billetterie',
    lost_luggage: 'Bagages perdus',
    missed_crossing: 'Traversée manquée',
  },
  priority: { low: 'Basse', normal: 'Normale', high: 'Haute', critical: 'Critique' },
  status: { open: 'Ouvert', in_progress: 'En cours', escalated: 'Transmis au BCC', resolved: 'Résolu' },
  sex: { female: 'Femme', male: 'Homme', unspecified: 'Non précisé' },
  vulnerability: { disability: 'Handicap', elderly: 'Personne âgée', pregnancy: 'Grossesse', unaccompanied_minor: 'Mineur non accompagné', chronic_illness: 'Maladie chronique' },
  role: { assistant: 'Assistant de site', coordinator: 'Coordinateur', supervisor: 'Superviseur', admin: 'Administrateur' },
  alertLevel: { warning: 'Avertissement', critical: 'Critique' },
};

const ar: Vocabulary = {
  kind: { port: 'ميناء', airport: 'مطار', land_border: 'معبر حدودي', rest_area: 'باحة استراحة' },
  channel: { sea: 'عبر البحر', air: 'عبر الجو' },
  direction: { arrival: 'الوصول', departure: 'المغادرة' },
  mode: { car: 'سيارات', bus: 'حافلات', minibus: 'حافلات صغيرة', motorcycle: 'دراجات نارية', foot: 'راجلون', plane: 'طائرات' },
  category: { information: 'إرشاد', administrative: 'إداري وقانوني', customs: 'جمارك', medical: 'طبي', transport: 'نقل' },
  subcategory: {
    guidance: 'توجيه',
    procedures: 'إجراءات',
    crossing_times: 'مواعيد العبور',
    other: 'أخرى',
    civil_status: 'الحالة المدنية',
    identity_documents: 'وثائق الهوية',
    legal_advice: 'استشارة قانونية',
    complaint: 'شكاية',
    vehicle_import: 'استيراد مركبة',
    goods_declaration: 'التصريح بالبضائع',
    seizure: 'حجز',
    first_aid: 'إسعافات أولية',
    emergency: 'طوارئ',
    evacuation: 'إجلاء',
    hospitalisation: 'استشفاء',
    telemedicine: 'طب عن بعد',
    breakdown: 'عطل',
    ticketing: 'التذاكر',
    lost_luggage: 'أمتعة مفقودة',
    missed_crossing: 'فوات العبور',
  },
  priority: { low: 'منخفضة', normal: 'عادية', high: 'مرتفعة', critical: 'حرجة' },
  status: { open: 'مفتوحة', in_progress: 'قيد المعالجة', escalated: 'محالة إلى المكتب المركزي', resolved: 'تمت المعالجة' },
  sex: { female: 'أنثى', male: 'ذكر', unspecified: 'غير محدد' },
  vulnerability: { disability: 'إعاقة', elderly: 'شخص مسن', pregnancy: 'حمل', unaccompanied_minor: 'قاصر غير مصحوب', chronic_illness: 'مرض مزمن' },
  role: { assistant: 'مساعد الموقع', coordinator: 'منسق', supervisor: 'مشرف', admin: 'مدير النظام' },
  alertLevel: { warning: 'تحذير', critical: 'حرج' },
};

const en: Vocabulary = {
  kind: { port: 'Port', airport: 'Airport', land_border: 'Land border', rest_area: 'Rest area' },
  channel: { sea: 'By sea', air: 'By air' },
  direction: { arrival: 'Arrivals', departure: 'Departures' },
  mode: { car: 'Cars', bus: 'Coaches', minibus: 'Minibuses', motorcycle: 'Motorcycles', foot: 'On foot', plane: 'Planes' },
  category: { information: 'Information', administrative: 'Administrative and legal', customs: 'Customs', medical: 'Medical', transport: 'Transport' },
  subcategory: {
    guidance: 'Guidance',
    procedures: 'Procedures',
    crossing_times: 'Crossing times',
    other: 'Other',
    civil_status: 'Civil status',
    identity_documents: 'Identity documents',
    legal_advice: 'Legal advice',
    complaint: 'Complaint',
    vehicle_import: 'Vehicle import',
    goods_declaration: 'Goods declaration',
    seizure: 'Seizure',
    first_aid: 'First aid',
    emergency: 'Emergency',
    evacuation: 'Evacuation',
    hospitalisation: 'Hospitalisation',
    telemedicine: 'Telemedicine',
    breakdown: 'Breakdown',
    ticketing: 'Ticketing',
    lost_luggage: 'Lost luggage',
    missed_crossing: 'Missed crossing',
  },
  priority: { low: 'Low', normal: 'Normal', high: 'High', critical: 'Critical' },
  status: { open: 'Open', in_progress: 'In progress', escalated: 'Escalated to the BCC', resolved: 'Resolved' },
  sex: { female: 'Female', male: 'Male', unspecified: 'Not stated' },
  vulnerability: { disability: 'Disability', elderly: 'Elderly person', pregnancy: 'Pregnancy', unaccompanied_minor: 'Unaccompanied minor', chronic_illness: 'Chronic illness' },
  role: { assistant: 'Site assistant', coordinator: 'Coordinator', supervisor: 'Supervisor', admin: 'Administrator' },
  alertLevel: { warning: 'Warning', critical: 'Critical' },
};

export const VOCABULARY: Record<ReportLanguage, Vocabulary> = { fr, ar, en };

/**
 * The name of a site in language `lang`: its translation when there is one, else its `name`. The one
 * rule for the console, the tablets, the statistics page and the exports.
 */
export function siteName(site: { name: string; names?: Partial<Record<ReportLanguage, string>> | null }, lang: ReportLanguage): string {
  return site.names?.[lang] ?? site.name;
}
