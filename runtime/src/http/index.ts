// `@mcp-factory/runtime/http`: HTTP mode (Streamable HTTP), what a server's `--http` entry imports. It loads the
// SDK's Node adapter and jose, so a server bundles its HTTP entry apart and imports it only when
// `@mcp-factory/runtime/http-mode` says HTTP was asked for: a stdio start never reads this code.
// @modelcontextprotocol/node and jose are dependencies of the runtime, not peers: nothing of them crosses into a
// server's own code (the Node adapter's peer, @modelcontextprotocol/server, is the server's one SDK copy), and
// every generated server serves HTTP, so a server's package.json no longer lists them.
export { serveHttp, type HttpApp, type HttpServerSetup } from './serve.js';
export { startHttpServer, type HttpServerHandle } from './server.js';
export { HttpOptionsError, loadHttpOptions, type HttpOptions, type JwtAuthOptions } from './options.js';
export { createInboundAuth, jwtVerifier, staticTokenVerifier, type InboundAuth } from './inboundAuth.js';
export {
  MODERN_PROTOCOL_VERSIONS,
  SERVER_CARD_MEDIA_TYPE,
  SERVER_CARD_SCHEMA,
  SERVER_CARD_WELL_KNOWN_PATH,
  buildServerCard,
  serverCardPath,
  type ServerCard,
  type ServerCardFacts,
} from './serverCard.js';
export { httpRequested } from './mode.js';
