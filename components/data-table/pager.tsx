import Link from 'next/link';

/** Previous / next links and where the reader is: "Page 2 of 40 · 1,000 users". */
export function Pager({
  page,
  perPage,
  total,
  noun,
  href,
}: {
  page: number;
  perPage: number;
  total: number;
  noun: [singular: string, plural: string];
  href: (page: number) => string;
}) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  return (
    <nav aria-label="Pagination" className="mt-3 flex items-center justify-between text-sm">
      {page > 1 ? (
        <Link rel="prev" className="underline" href={href(Math.min(page - 1, pages))}>
          Previous
        </Link>
      ) : (
        <span className="text-muted-foreground">Previous</span>
      )}
      <span>
        Page {page.toLocaleString('en')} of {pages.toLocaleString('en')} · {total.toLocaleString('en')}{' '}
        {total === 1 ? noun[0] : noun[1]}
      </span>
      {page < pages ? (
        <Link rel="next" className="underline" href={href(page + 1)}>
          Next
        </Link>
      ) : (
        <span className="text-muted-foreground">Next</span>
      )}
    </nav>
  );
}
