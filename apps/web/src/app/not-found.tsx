import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main
      id="main"
      className="mx-auto flex min-h-[60dvh] max-w-md flex-col items-center justify-center gap-3 px-4 text-center"
    >
      <p className="font-mono text-sm text-muted-foreground">404</p>
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="text-sm text-muted-foreground">
        There is nothing here, or it belongs to another organization, or it was deleted.
      </p>
      <Link href="/" className={buttonVariants({ variant: "outline", className: "mt-2" })}>
        Back to the overview
      </Link>
    </main>
  );
}
