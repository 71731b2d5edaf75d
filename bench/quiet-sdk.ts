// Imported first by the benchmarks: the AWS SDK's Node 20 notice (README, Notes) would otherwise
// print as soon as a handler module builds its client, before a script body could silence it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
