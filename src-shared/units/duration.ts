/** Durations for people, shared by the app and the CLI. */

/** Seconds as a rough duration: "5 s", "3 min", "1 h 20 min", "2 d 4 h". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(s / 3600);
  const restMinutes = Math.round((s - hours * 3600) / 60);
  if (hours < 24) return restMinutes > 0 && restMinutes < 60 ? `${hours} h ${restMinutes} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  const restHours = hours - days * 24;
  return restHours > 0 ? `${days} d ${restHours} h` : `${days} d`;
}

/** Time left at the current speed: "3 min left", "a few seconds left", or "" when unknown. */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 5) return 'a few seconds left';
  return `${formatDuration(seconds)} left`;
}
