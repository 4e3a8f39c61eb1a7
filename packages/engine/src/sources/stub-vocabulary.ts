// Word lists the stub sources build their (deterministic, plausible) content from.

export const NOUNS = [
  "pipeline", "dashboard", "migration", "release", "invoice", "customer", "schema", "webhook", "cluster", "report",
  "roadmap", "budget", "sprint", "backlog", "connector", "workspace", "index", "query", "deployment", "incident",
  "contract", "forecast", "template", "document", "review", "policy", "audit", "cache", "queue", "scheduler",
  "endpoint", "permission", "tenant", "snapshot", "ledger", "catalog", "integration", "prototype", "milestone", "API",
] as const;

export const ADJECTIVES = [
  "quarterly", "legacy", "critical", "draft", "shared", "internal", "external", "automated", "manual", "new",
  "stale", "regional", "nightly", "primary", "secondary", "experimental", "stable", "deprecated", "encrypted", "public",
] as const;

export const VERBS = [
  "updates", "replaces", "validates", "summarises", "blocks", "depends on", "references", "duplicates", "extends",
  "simplifies", "documents", "monitors", "exports", "imports", "archives", "schedules", "retries", "migrates",
] as const;

export const ADVERBIALS = [
  "before the next release", "for the finance team", "after the outage last week", "without manual steps",
  "across all regions", "as agreed in the planning meeting", "once the review is done", "for every tenant",
  "in the staging environment", "until the vendor responds", "with fewer round trips", "during the maintenance window",
  "to unblock the mobile team", "ahead of the audit", "on a nightly schedule", "behind a feature flag",
] as const;

export const PEOPLE = [
  "Ada Lovelace", "Grace Hopper", "Alan Turing", "Barbara Liskov", "Edsger Dijkstra", "Margaret Hamilton",
  "Donald Knuth", "Frances Allen", "Ken Thompson", "Radia Perlman", "Leslie Lamport", "Katherine Johnson",
] as const;

export const TAGS = [
  "engineering", "finance", "design", "security", "ops", "legal", "marketing", "sales", "support", "research",
  "q1", "q2", "q3", "q4", "urgent", "customer-facing", "internal", "needs-review",
] as const;

export const FILE_KINDS = [
  { extension: "pdf", mimeType: "application/pdf" },
  { extension: "docx", mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
  { extension: "xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  { extension: "png", mimeType: "image/png" },
  { extension: "csv", mimeType: "text/csv" },
  { extension: "md", mimeType: "text/markdown" },
  { extension: "zip", mimeType: "application/zip" },
] as const;
