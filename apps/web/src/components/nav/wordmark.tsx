import Link from "next/link";

/** The Weft logo: three woven strands, drawn inline (no external asset), and the name. */
export function Wordmark({ href = "/" }: { href?: string }) {
  return (
    <Link
      href={href}
      className="flex items-center gap-2 rounded-md font-semibold tracking-tight"
      aria-label="Weft home"
    >
      <svg viewBox="0 0 24 24" className="size-7 text-primary" aria-hidden>
        <rect x="1" y="1" width="22" height="22" rx="6" className="fill-primary/12" />
        <path d="M5 8h14M5 12h14M5 16h14" className="stroke-primary" strokeWidth="2" strokeLinecap="round" />
        <path d="M9 5v14M15 5v14" className="stroke-primary/50" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <span className="text-lg">Weft</span>
    </Link>
  );
}
