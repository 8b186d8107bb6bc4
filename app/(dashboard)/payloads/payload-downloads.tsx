/** Links that download one stored payload as FHIR, CSV, its samples as CSV and, for an activity, FIT. */
export function PayloadDownloads({ id, type, label }: { id: string; type: string; label: string }) {
  const formats = [
    ['fhir', 'FHIR'],
    ['csv', 'CSV'],
    ['samples.csv', 'Samples CSV'],
    ...(type === 'activity' ? [['fit', 'Download FIT']] : []),
  ];
  return (
    <span className="inline-flex flex-wrap justify-end gap-x-2 gap-y-1 whitespace-nowrap">
      {formats.map(([format, text]) => (
        <a
          key={format}
          className="underline"
          href={`/payloads/download/${format}?payloadId=${id}`}
          download
          aria-label={`${text} of ${label}`}
          data-testid={`download-${format}`}
        >
          {text}
        </a>
      ))}
    </span>
  );
}
