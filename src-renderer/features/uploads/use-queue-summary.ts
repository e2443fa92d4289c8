import { useMemo } from 'react';
import { useQueueStore } from '../../stores/queue-store.js';
import { summarizeQueue, type QueueSummary } from './queue-summary.js';

/** The queue counted by state, held jobs apart; recounted only when a job changes (not on every progress tick). */
export function useQueueSummary(): QueueSummary {
  const jobs = useQueueStore((state) => state.jobs);
  return useMemo(() => summarizeQueue(jobs.values()), [jobs]);
}
