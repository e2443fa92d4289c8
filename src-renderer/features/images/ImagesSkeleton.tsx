/** Grey placeholder rows while the first list loads, announced once. */
export function ImagesSkeleton() {
  return (
    <div className="images-skeleton" role="status" aria-live="polite">
      <span className="visually-hidden">Loading images…</span>
      {Array.from({ length: 8 }, (_, index) => (
        <div key={index} className="images-skeleton__row" aria-hidden="true">
          <span className="images-skeleton__bar images-skeleton__bar--wide" />
          <span className="images-skeleton__bar" />
          <span className="images-skeleton__bar" />
          <span className="images-skeleton__bar" />
        </div>
      ))}
    </div>
  );
}
