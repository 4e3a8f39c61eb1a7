import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in/sign-in-form";
import { StartupNotice } from "@/components/sign-in/startup-notice";
import { Wordmark } from "@/components/nav/wordmark";
import { currentPrincipal, safeNextPath } from "@/server/auth";
import { serverState } from "@/server/state";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeNextPath((await searchParams).next);
  const state = serverState();
  if (state.phase === "ready" && (await currentPrincipal())) redirect(next);
  return (
    <main id="main" className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm space-y-6">
        <div className="flex justify-center">
          <Wordmark href="/sign-in" />
        </div>
        <div className="rounded-lg border bg-card p-6 shadow-sm">
          <h1 className="text-xl font-semibold">Sign in to Weft</h1>
          <p className="mt-1 mb-5 text-sm text-muted-foreground">
            Weft runs and watches the sync jobs of your source connections. Sign in with an API key of your
            organization.
          </p>
          {state.phase === "ready" ? (
            <SignInForm next={next} />
          ) : (
            <StartupNotice failure={state.phase === "failed" ? state.error : null} />
          )}
        </div>
        <p className="text-center text-xs text-muted-foreground">
          The first start prints a demo key in the server&apos;s terminal. New keys are made under API keys.{" "}
          <a href="/docs" className="underline underline-offset-2 hover:text-foreground">
            API docs
          </a>
        </p>
      </div>
    </main>
  );
}
