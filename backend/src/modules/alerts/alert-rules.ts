/** A critical medical case calls the coordinators at once, whatever else happens at the site. */
export function isCriticalMedical(c: { category: string; priority: string }): boolean {
  return c.category === 'medical' && c.priority === 'critical';
}

/** Cases opened before this instant and still open are unattended. */
export function unattendedCutoff(now: Date, unattendedMinutes: number): Date {
  return new Date(now.getTime() - unattendedMinutes * 60_000);
}
