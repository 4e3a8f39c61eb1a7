export { createRestHandler } from "./handler";
export { openApiDocument } from "./openapi";
export { routes } from "./routes/index";
export type { Route } from "./route";
