import { SESSION_COOKIE } from "@weft/auth";
import { openApiDocument } from "@weft/rest";
import type { Metadata } from "next";
import { cookies } from "next/headers";
import { anchorOf, Endpoint } from "@/components/docs/endpoint";
import { DocsIntro } from "@/components/docs/docs-intro";
import { MethodBadge } from "@/components/docs/method-badge";
import { endpointsByTag, type OpenApiDocument } from "@/components/docs/openapi-view";
import { TopNav } from "@/components/nav/top-nav";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API reference" };

/** The /v1 REST reference, rendered on the server from the generated OpenAPI document. Public: no sign-in needed. */
export default async function DocsPage() {
  const signedIn = Boolean((await cookies()).get(SESSION_COOKIE)?.value); // shown as signed in; not verified (public page)
  const doc = openApiDocument() as OpenApiDocument;
  const groups = endpointsByTag(doc);
  return (
    <>
      <TopNav signedIn={signedIn} />
      <div className="mx-auto grid w-full max-w-6xl gap-8 px-4 py-6 sm:py-8 lg:grid-cols-[14rem_minmax(0,1fr)]">
        <nav aria-label="Endpoints" className="hidden lg:block">
          <div className="sticky top-20 max-h-[calc(100dvh-6rem)] space-y-4 overflow-y-auto pr-2 text-sm">
            {groups.map(([tag, endpoints]) => (
              <div key={tag}>
                <p className="mb-1 font-semibold">{tag}</p>
                <ul className="space-y-1">
                  {endpoints.map((e) => (
                    <li key={anchorOf(e)}>
                      <a
                        href={`#${anchorOf(e)}`}
                        className="flex items-center gap-1.5 rounded-sm text-muted-foreground hover:text-foreground"
                      >
                        <MethodBadge method={e.method} />
                        <span className="truncate font-mono text-xs">{e.path.replace(/^\/v1/, "")}</span>
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
        </nav>
        <main id="main" className="min-w-0 space-y-10">
          <DocsIntro title={doc.info?.title ?? "API"} version={doc.info?.version} description={doc.info?.description} />
          {groups.map(([tag, endpoints]) => (
            <section key={tag} aria-labelledby={`tag-${tag}`} className="space-y-4">
              <h2 id={`tag-${tag}`} className="border-b pb-2 text-xl font-semibold">
                {tag}
              </h2>
              {endpoints.map((e) => (
                <Endpoint key={anchorOf(e)} endpoint={e} />
              ))}
            </section>
          ))}
        </main>
      </div>
    </>
  );
}
