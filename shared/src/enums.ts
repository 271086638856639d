/** Enumerations of the public contract (DESIGN.md). Arrays are the single source; types derive from them. */

export const ROLES = ['assistant', 'coordinator', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const SITE_KINDS = ['port', 'airport', 'land_border', 'rest_area'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

/** Land crossings from Ceuta and Melilla count as sea (DESIGN.md). */
export const CHANNELS = ['sea', 'air'] as const;
export type Channel = (typeof CHANNELS)[number];

export const DIRECTIONS = ['arrival', 'departure'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const MODES = ['car', 'bus', 'minibus', 'motorcycle', 'foot', 'plane'] as const;
export type Mode = (typeof MODES)[number];

/** Modes that carry no vehicle of their own in our counts. */
export const MODES_WITHOUT_VEHICLES: readonly Mode[] = ['foot', 'plane'];

export const CASE_CATEGORIES = ['information', 'administrative', 'customs', 'medical', 'transport'] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];

/** Subcategories per category; a case's subcategory must belong to its category. */
export const CASE_SUBCATEGORIES = {
  information: ['guidance', 'procedures', 'crossing_times', 'other'],
  administrative: ['civil_status', 'identity_documents', 'legal_advice', 'complaint', 'other'],
  customs: ['vehicle_import', 'goods_declaration', 'seizure', 'other'],
  medical: ['first_aid', 'emergency', 'evacuation', 'hospitalisation', 'telemedicine'],
  transport: ['breakdown', 'ticketing', 'lost_luggage', 'missed_crossing', 'other'],
} as const satisfies Record<CaseCategory, readonly string[]>;
export type CaseSubcategory = (typeof CASE_SUBCATEGORIES)[CaseCategory][number];

export const PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CASE_STATUSES = ['open', 'in_progress', 'escalated', 'resolved'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const SEXES = ['female', 'male', 'unspecified'] as const;
export const AGE_BANDS = ['0-17', '18-29', '30-44', '45-59', '60-74', '75+'] as const;
export const VULNERABILITIES = ['disability', 'elderly', 'pregnancy', 'unaccompanied_minor', 'chronic_illness'] as const;

export const ALERT_RULES = ['holding_capacity', 'traffic_surge', 'critical_medical', 'case_unattended', 'peak_expected', 'site_silent'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const ALERT_LEVELS = ['warning', 'critical'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/**
 * What the audit log records: sign-ins (and failed ones), refused access (401/403 over HTTP and the socket),
 * case changes, statistics exports and imports of past figures.
 */
export const AUDIT_KINDS = ['sign_in', 'sign_in_failed', 'sign_out', 'access_refused', 'case_created', 'case_updated', 'export', 'account_created', 'account_updated', 'import', 'edition_created', 'edition_updated'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];
