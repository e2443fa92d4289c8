import { useId, type ReactNode } from 'react';

/** A titled block of the details panel. */
export function DetailsSection({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  const id = useId();
  return (
    <section className="details-section" aria-labelledby={id}>
      <div className="details-section__head">
        <h3 id={id} className="details-section__title">
          {title}
        </h3>
        {actions}
      </div>
      {children}
    </section>
  );
}
