// esbuild bundles imported style sheets into the entry's CSS file (infra/web-bundling.ts).
declare module '*.css';
