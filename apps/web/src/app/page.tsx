import { readOverview } from "../server/overview";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const overview = await readOverview();
  return (
    <main>
      <h1>Weft</h1>
      <p>A control plane for sync jobs: connect sources, run syncs, watch their progress.</p>
      {overview.phase === "ready" ? (
        <ul>
          <li>{overview.collections} collections</li>
          <li>{overview.connections} connections</li>
          <li>{overview.jobs} jobs</li>
        </ul>
      ) : overview.phase === "starting" ? (
        <p>Starting… reload in a moment.</p>
      ) : (
        <p role="alert">Weft could not start: {overview.error}</p>
      )}
    </main>
  );
}
