/**
 * The Content-Security-Policy of every response. Pages get a fresh nonce per request (proxy.ts):
 * only scripts carrying it run — Next puts it on its own — and what they load ('strict-dynamic'),
 * so an injected `<script>` or inline handler does not. Other responses (API, static files) run
 * no script at all. Styles stay 'unsafe-inline' because React writes style attributes; styles
 * cannot run code. frame-ancestors 'none' keeps the dashboard out of other sites' frames.
 */
export function buildContentSecurityPolicy(nonce?: string): string {
  return [
    "default-src 'self'",
    nonce ? `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'` : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
