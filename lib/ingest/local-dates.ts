/** The local dates from `lookbackDays` before today to today, at the user's offset, oldest first. */
export function localDates(now: Date, offsetMinutes: number, lookbackDays: number): string[] {
  const today = Date.parse(new Date(now.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10));
  return Array.from({ length: lookbackDays + 1 }, (_, i) =>
    new Date(today - (lookbackDays - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

export function previousDate(date: string): string {
  return new Date(Date.parse(date) - 86_400_000).toISOString().slice(0, 10);
}
