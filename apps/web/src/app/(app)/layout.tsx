import type { ReactNode } from "react";
import { OrgActivity } from "@/components/live/org-activity";
import { TopNav } from "@/components/nav/top-nav";
import { currentPrincipal } from "@/server/auth";

export const dynamic = "force-dynamic";

/** The signed-in shell: top navigation and the live activity subscription. Each page checks the session itself. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const principal = await currentPrincipal();
  return (
    <>
      <TopNav signedIn />
      {principal ? <OrgActivity /> : null}
      <main id="main" className="mx-auto w-full max-w-6xl px-4 py-6 sm:py-8">
        {children}
      </main>
    </>
  );
}
