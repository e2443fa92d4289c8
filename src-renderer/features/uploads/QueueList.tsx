import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useRef, useState } from 'react';
import type { JobView } from '../../../src-shared/engine/index.js';
import { useQueueStore } from '../../stores/queue-store.js';
import { useStatusStore } from '../../stores/status-store.js';
import { currentServerName } from './destination-text.js';
import { QueueRow, type JobCommand } from './QueueRow.js';
import { useNow } from './use-now.js';

/** A row without its error text opened; rows with it open are measured. */
const ROW_HEIGHT = 56;

/**
 * The queue as a virtual list: only the rows in view are in the DOM, so thousands of jobs stay smooth while
 * progress arrives ten times a second.
 */
export function QueueList({
  onCommand,
  onMove,
}: {
  onCommand: (job: JobView, command: JobCommand) => void;
  onMove: (jobId: number, beforeJobId: number) => void;
}) {
  const order = useQueueStore((state) => state.order);
  const jobs = useQueueStore((state) => state.jobs);
  const progress = useQueueStore((state) => state.progress);
  const current = useStatusStore((state) => currentServerName(state.status?.server));
  const hasRetries = jobs.values().some((job) => job.retryAt != null);
  const now = useNow(hasRetries);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [dragging, setDragging] = useState<number | null>(null);
  const [dropTarget, setDropTarget] = useState<number | null>(null);
  const [openProblems, setOpenProblems] = useState<ReadonlySet<number>>(new Set());
  const toggleProblem = useCallback((jobId: number) => {
    setOpenProblems((open) => {
      const next = new Set(open);
      if (!next.delete(jobId)) next.add(jobId);
      return next;
    });
  }, []);

  const virtualizer = useVirtualizer({
    count: order.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => order[index] ?? index,
    overscan: 8,
  });

  const onDropBefore = useCallback(
    (beforeId: number) => {
      setDropTarget(null);
      if (dragging !== null && dragging !== beforeId) onMove(dragging, beforeId);
      setDragging(null);
    },
    [dragging, onMove],
  );

  return (
    <div
      className="queue-list"
      ref={scrollRef}
      role="grid"
      aria-label="Upload queue"
      aria-rowcount={order.length}
      onDragEnd={() => {
        setDragging(null);
        setDropTarget(null);
      }}
    >
      <div className="queue-list__inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const id = order[item.index]!;
          const job = jobs.get(id);
          if (!job)
            // Its page has not arrived yet (queue-loader.ts): the row keeps its place and height meanwhile.
            return (
              <div
                key={id}
                className="queue-list__slot"
                data-index={item.index}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <div className="queue-row queue-row--loading" role="row" aria-rowindex={item.index + 1}>
                  <div className="queue-row__file muted" role="gridcell">
                    Loading job #{id}…
                  </div>
                </div>
              </div>
            );
          return (
            <div
              key={id}
              className="queue-list__slot"
              ref={virtualizer.measureElement}
              data-index={item.index}
              style={{ transform: `translateY(${item.start}px)` }}
              onDragEnter={() => dragging !== null && setDropTarget(id)}
            >
              <QueueRow
                job={job}
                progress={progress[id]}
                now={now}
                current={current}
                index={item.index}
                count={order.length}
                onCommand={onCommand}
                onDragStart={setDragging}
                onDropBefore={onDropBefore}
                dropTarget={dropTarget === id && dragging !== id}
                problemOpen={openProblems.has(id)}
                onToggleProblem={toggleProblem}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
