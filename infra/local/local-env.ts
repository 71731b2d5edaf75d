// Defaults the local stack sets before any handler module is evaluated (main.ts imports this
// first): the handlers, like on Lambda, read their environment once, when imported.

// The SDK warns that its 2027 releases need Node 22; Lambda runs 22+, and the local tools
// support Node 20 until then (README), so the banner stays readable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Local runs aggregate up to the server's in-flight watermark (infra/local/in-flight.ts), which
// is exact here; the lag only applies to runs that are not given an `until`.
process.env.RIPPLE_AGGREGATE_LAG_SECONDS ??= '1';
// dynalite shares this machine's CPU: under load a call can take seconds without being stuck.
process.env.RIPPLE_DYNAMODB_TIMEOUT_MS ??= '15000';
// EMF metrics are for CloudWatch; locally the console carries the structured logs only.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
