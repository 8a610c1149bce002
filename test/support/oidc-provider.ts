import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import Provider, { type Adapter, type AdapterPayload, type Configuration } from "oidc-provider";
import { freePort } from "./processes";

/**
 * A real OpenID Connect provider for tests: panva's certified `oidc-provider`, in this process,
 * on a free 127.0.0.1 port. One confidential client (client_secret_post, PKCE S256 required), one
 * person, and interactions that need no form: the person is signed in and consents to exactly what
 * was asked for as soon as the provider asks. Browsers are simulated by TestBrowser (fetch with
 * manual redirects and a cookie jar), so a whole sign-in runs without a browser.
 */

export interface OidcTestUser {
  sub: string;
  email: string;
  name: string;
}

export interface OidcProvider {
  /** `http://127.0.0.1:<port>`; discovery is at `${issuer}/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The one person the provider knows (always signed in, email verified). */
  user: OidcTestUser;
  /** AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET for the app. */
  appEnv: Record<string, string>;
  /**
   * Registers a redirect URI of the client. The app's URL is known only once it runs, and it needs
   * the issuer to start, so the provider starts first and learns the callback afterwards.
   */
  allowRedirectUri(uri: string): Promise<void>;
  /** What the provider refused or failed on (its error events), for failure messages. */
  errors: string[];
  stop(): Promise<void>;
}

const clientId = "session-reconciler-test";

export async function startOidcProvider(
  options: { user?: Partial<OidcTestUser> } = {},
): Promise<OidcProvider> {
  const user: OidcTestUser = {
    sub: "oidc-user-0001",
    email: "sso.person@example.com",
    name: "SSO Person",
    ...options.user,
  };
  const clientSecret = randomBytes(24).toString("hex");
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const store = new Map<string, { payload: AdapterPayload; expiresAt?: number }>();
  const redirectUris: string[] = [];

  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const configuration: Configuration = {
    adapter: (model: string) => new MapAdapter(store, model),
    clients: [],
    async findAccount(_ctx, sub) {
      if (sub !== user.sub) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, email: user.email, email_verified: true, name: user.name }),
      };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    scopes: ["openid", "email", "profile"],
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { methods: ["S256"], required: () => true },
    jwks: { keys: [{ ...privateKey.export({ format: "jwk" }), kid: "test-key", use: "sig", alg: "RS256" }] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    // Lifetimes set explicitly (each default prints a notice when used).
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
    },
  };
  const provider = new Provider(issuer, configuration);

  const errors: string[] = [];
  for (const event of [
    "server_error",
    "authorization.error",
    "grant.error",
    "userinfo.error",
    "discovery.error",
    "jwks.error",
  ]) {
    provider.on(
      event,
      (_ctx: unknown, error: { name?: string; message?: string; error_description?: string }) =>
        errors.push(
          `${event}: ${error.name ?? ""} ${error.message ?? ""} ${error.error_description ?? ""}`.trim(),
        ),
    );
  }

  /** Signs the person in, then grants what the client asked for: no form, no choice. */
  async function interact(req: IncomingMessage, res: ServerResponse) {
    const interaction = await provider.interactionDetails(req, res);
    if (interaction.prompt.name === "login") {
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: user.sub } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (interaction.prompt.name === "consent") {
      const accountId = interaction.session?.accountId;
      const grant = interaction.grantId
        ? await provider.Grant.find(interaction.grantId)
        : new provider.Grant({ accountId, clientId: String(interaction.params.client_id) });
      if (!grant) throw new Error(`grant ${interaction.grantId} not found`);
      const details = interaction.prompt.details as {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
      if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(" "));
      if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
      for (const [resource, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
        grant.addResourceScope(resource, scopes.join(" "));
      }
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
      return;
    }
    throw new Error(`unexpected prompt ${interaction.prompt.name}`);
  }

  const handle = provider.callback();
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url?.startsWith("/interaction/")) {
      interact(req, res).catch((error: unknown) => {
        errors.push(`interaction: ${String(error)}`);
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end(`interaction failed: ${String(error)}`);
      });
      return;
    }
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });

  async function saveClient() {
    await new MapAdapter(store, "Client").upsert(
      clientId,
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [...redirectUris],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        // better-auth's default for a client with a secret (it sends client_id + client_secret in the body).
        token_endpoint_auth_method: "client_secret_post",
      },
      0,
    );
  }

  return {
    issuer,
    clientId,
    clientSecret,
    user,
    appEnv: {
      AUTH_OIDC_ISSUER: issuer,
      AUTH_OIDC_CLIENT_ID: clientId,
      AUTH_OIDC_CLIENT_SECRET: clientSecret,
    },
    async allowRedirectUri(uri) {
      if (!redirectUris.includes(uri)) redirectUris.push(uri);
      await saveClient();
    },
    errors,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** oidc-provider's storage, in a Map of this provider's own (its built-in one is shared by the process). */
class MapAdapter implements Adapter {
  constructor(
    private readonly store: Map<string, { payload: AdapterPayload; expiresAt?: number }>,
    private readonly model: string,
  ) {}

  private key(id: string) {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number) {
    const expiresAt = expiresIn > 0 ? Date.now() + expiresIn * 1000 : undefined;
    this.store.set(this.key(id), { payload, expiresAt });
    if (payload.uid) this.store.set(`${this.model}:uid:${payload.uid}`, { payload: { jti: id }, expiresAt });
    if (payload.userCode) {
      this.store.set(`${this.model}:userCode:${payload.userCode}`, { payload: { jti: id }, expiresAt });
    }
  }

  async find(id: string) {
    const entry = this.store.get(this.key(id));
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt < Date.now()) {
      this.store.delete(this.key(id));
      return undefined;
    }
    return entry.payload;
  }

  async findByUid(uid: string) {
    const id = this.store.get(`${this.model}:uid:${uid}`)?.payload.jti;
    return id ? this.find(id) : undefined;
  }

  async findByUserCode(userCode: string) {
    const id = this.store.get(`${this.model}:userCode:${userCode}`)?.payload.jti;
    return id ? this.find(id) : undefined;
  }

  async consume(id: string) {
    const entry = this.store.get(this.key(id));
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string) {
    this.store.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string) {
    for (const [key, entry] of this.store) {
      if (entry.payload.grantId === grantId) this.store.delete(key);
    }
  }
}

interface StoredCookie {
  name: string;
  value: string;
  host: string;
  path: string;
  expiresAt?: number;
}

/**
 * Just enough of a browser for redirect flows: fetch with manual redirects and a cookie jar.
 * Like a browser, cookies belong to a host regardless of port (the app and the provider both run
 * on 127.0.0.1; their cookie names differ) and are sent only on matching paths.
 */
export class TestBrowser {
  private cookies: StoredCookie[] = [];

  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.cookieHeader(target);
    if (cookie) headers.set("cookie", cookie);
    const response = await fetch(target, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) this.store(target, line);
    return response;
  }

  /** The value of a live cookie of this name, on any host and path. */
  cookie(name: string): string | undefined {
    this.expire();
    return this.cookies.find((c) => c.name === name)?.value;
  }

  deleteCookie(name: string) {
    this.cookies = this.cookies.filter((c) => c.name !== name);
  }

  private expire() {
    const now = Date.now();
    this.cookies = this.cookies.filter((c) => c.expiresAt === undefined || c.expiresAt > now);
  }

  private cookieHeader(target: URL): string {
    this.expire();
    return this.cookies
      .filter((c) => c.host === target.hostname && pathMatches(target.pathname, c.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
  }

  private store(target: URL, line: string) {
    const [pair = "", ...attributes] = line.split(";");
    const eq = pair.indexOf("=");
    if (eq <= 0) return;
    const cookie: StoredCookie = {
      name: pair.slice(0, eq).trim(),
      value: pair.slice(eq + 1).trim(),
      host: target.hostname,
      path: target.pathname.slice(0, Math.max(1, target.pathname.lastIndexOf("/"))),
    };
    for (const attribute of attributes) {
      const [key = "", value = ""] = attribute.split("=", 2).map((part) => part.trim());
      const lower = key.toLowerCase();
      if (lower === "path" && value.startsWith("/")) cookie.path = value;
      else if (lower === "max-age") cookie.expiresAt = Date.now() + Number(value) * 1000;
      else if (lower === "expires" && cookie.expiresAt === undefined) cookie.expiresAt = Date.parse(value);
    }
    this.cookies = this.cookies.filter(
      (c) => !(c.name === cookie.name && c.host === cookie.host && c.path === cookie.path),
    );
    if (cookie.expiresAt === undefined || cookie.expiresAt > Date.now()) this.cookies.push(cookie);
  }
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}

/**
 * Follows redirects from `url` (the provider's authorization URL) the way a browser would, until
 * one points at `stopAt`'s origin and path prefix: answers that URL without requesting it, so a
 * test can look at (or tamper with) the callback before the app sees it.
 */
export async function followToCallback(
  browser: TestBrowser,
  url: string,
  stopAt: string,
  provider?: Pick<OidcProvider, "errors">,
): Promise<URL> {
  const stop = new URL(stopAt);
  let current = new URL(url);
  for (let hop = 0; hop < 12; hop++) {
    const response = await browser.request(current);
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || !location) {
      const body = (await response.text()).replace(/\s+/g, " ").slice(0, 600);
      throw new Error(
        `the sign-in stopped at ${current.href} (${response.status}) instead of redirecting to ${stopAt}: ${body}` +
          (provider?.errors.length ? `\nprovider errors: ${provider.errors.join("; ")}` : ""),
      );
    }
    await response.body?.cancel();
    const next = new URL(location, current);
    if (next.origin === stop.origin && next.pathname.startsWith(stop.pathname)) return next;
    current = next;
  }
  throw new Error(`more than 12 redirects from ${url} without reaching ${stopAt}`);
}
