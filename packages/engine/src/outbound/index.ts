// Whether an outbound connection may be made, for every feature that reaches out of the server (the postgresql
// source now, webhooks later): checkHost at save time, resolveDestination at connect time.
export { canonicalIp, parseHost, restrictedRange, type ParsedHost } from "./address";
export { checkHost, createOutboundPolicy, OUTBOUND_VARIABLE, type OutboundPolicy, type Refusal } from "./policy";
export { OutboundRefusedError, resolveDestination, type Lookup, type ResolvedDestination } from "./resolve";
