import './conversion-notes.css';

/** What a conversion between ImageScope XML and QuPath GeoJSON could not carry, one line per kind. */
export function ConversionNotes({ title, notes }: { title: string; notes: readonly string[] }) {
  if (notes.length === 0) return null;
  return (
    <div className="conversion-notes" role="note" aria-label={title}>
      <p className="conversion-notes__title">{title}</p>
      <ul className="conversion-notes__list">
        {notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
    </div>
  );
}
