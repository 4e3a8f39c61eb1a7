export { createRestHandler, routeTemplate, type RestHandlerOptions } from "./handler";
export { limitRequestBody, payloadTooLarge } from "./body-limit";
export { openApiDocument } from "./openapi";
export { routes } from "./routes/index";
export type { Route } from "./route";
