"use client";
import { Menu, Plus, X } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import { SignOutButton } from "./sign-out-button";
import { Wordmark } from "./wordmark";

const LINKS = [
  {
    href: "/",
    label: "Overview",
    match: (p: string) => p === "/" || p.startsWith("/connections") || p.startsWith("/jobs"),
  },
  { href: "/keys", label: "API keys", match: (p: string) => p.startsWith("/keys") },
  { href: "/webhooks", label: "Webhooks", match: (p: string) => p.startsWith("/webhooks") },
  { href: "/docs", label: "Docs", match: (p: string) => p.startsWith("/docs") },
];

function NavLinks({ pathname, vertical }: { pathname: string; vertical?: boolean }) {
  return LINKS.map((link) => {
    const active = link.match(pathname);
    return (
      <Link
        key={link.href}
        href={link.href}
        aria-current={active ? "page" : undefined}
        className={cn(
          "rounded-md px-3 py-2 text-sm font-medium text-muted-foreground hover:bg-muted hover:text-foreground",
          active && "bg-muted text-foreground",
          vertical && "block",
        )}
      >
        {link.label}
      </Link>
    );
  });
}

/** Logo, Overview / API keys / Webhooks / Docs, Sign out and the primary "New connection"; below 640 px the links fold into a menu. */
export function TopNav({ signedIn }: { signedIn: boolean }) {
  const pathname = usePathname();
  // The menu is open on the page it was opened on: navigating closes it without an effect.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  return (
    <header className="sticky top-0 z-40 border-b bg-background/90 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-2 px-4">
        <Wordmark />
        <nav aria-label="Main" className="ml-4 hidden items-center gap-1 sm:flex">
          <NavLinks pathname={pathname} />
        </nav>
        <div className="ml-auto flex items-center gap-2">
          {signedIn ? (
            <>
              <Link href="/connections/new" className={buttonVariants({ size: "sm" })}>
                <Plus aria-hidden />
                New connection
              </Link>
              <SignOutButton className="hidden sm:inline-flex" />
            </>
          ) : (
            <Link href="/sign-in" className={buttonVariants({ size: "sm", variant: "outline" })}>
              Sign in
            </Link>
          )}
          <button
            type="button"
            className={cn(buttonVariants({ variant: "ghost", size: "icon" }), "sm:hidden")}
            aria-expanded={open}
            aria-controls="mobile-menu"
            onClick={() => setOpenOn(open ? null : pathname)}
          >
            {open ? <X aria-hidden /> : <Menu aria-hidden />}
            <span className="sr-only">Menu</span>
          </button>
        </div>
      </div>
      {open ? (
        <nav id="mobile-menu" aria-label="Main" className="space-y-1 border-t px-4 py-3 sm:hidden">
          <NavLinks pathname={pathname} vertical />
          {signedIn ? <SignOutButton className="h-9 w-full px-3 text-sm font-medium text-muted-foreground" /> : null}
        </nav>
      ) : null}
    </header>
  );
}
