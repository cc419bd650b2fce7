// Tiny OpenID Connect provider for end-to-end tests (oidc-provider 9.13.3).
//
//   node server.mjs <configJsonPath>
//
// Config JSON:
//   {
//     "issuer": "http://127.0.0.1:5556",          // exact issuer, no trailing slash
//     "port": 5556,                               // optional, defaults to the issuer's port
//     "alwaysPromptLogin": true,                  // optional, default true (see below)
//     "clients": [{ "client_id", "client_secret", "redirect_uris": [], "post_logout_redirect_uris": [] }],
//     "accounts": [{ "login", "sub", "claims": { "email", "email_verified", "name", "groups": [], "preferred_username" } }]
//   }
//
// Behaviour:
//   * authorization code flow only, PKCE (S256) required for every client,
//     client_secret_basic and client_secret_post both accepted at the token endpoint.
//   * scopes: openid profile email groups ("groups" releases the "groups" claim).
//   * own minimal login page at /interaction/:uid (input name="login", button id="submit");
//     consent is granted automatically (no consent screen).
//   * a typed login matching an account's "login" signs in as that account's "sub";
//     any other login signs in as a fresh account whose sub is the typed text, with no other claims.
//   * alwaysPromptLogin (default true): every /auth request shows the login page, even when the
//     browser already has a provider session, so a test can switch users deterministically.
//   * prints "READY <issuer>" on stdout once listening.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';

import Provider, { interactionPolicy } from 'oidc-provider';

// ---------------------------------------------------------------- config
const configPath = process.argv[2];
if (!configPath) {
  console.error('usage: node server.mjs <configJsonPath>');
  process.exit(2);
}
const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));

const issuer = String(config.issuer || '').replace(/\/+$/, '');
if (!issuer) throw new Error('config.issuer is required');
const issuerUrl = new URL(issuer);
const port = Number(config.port || issuerUrl.port || 80);
const host = config.host || issuerUrl.hostname.replace(/^\[|\]$/g, '');
const alwaysPromptLogin = config.alwaysPromptLogin !== false;

const accountsByLogin = new Map();
const accountsBySub = new Map();
for (const a of config.accounts || []) {
  if (!a.login || !a.sub) throw new Error(`account needs login and sub: ${JSON.stringify(a)}`);
  accountsByLogin.set(String(a.login), a);
  accountsBySub.set(String(a.sub), a);
}

const clients = (config.clients || []).map((c) => ({
  client_id: c.client_id,
  client_secret: c.client_secret,
  redirect_uris: c.redirect_uris || [],
  post_logout_redirect_uris: c.post_logout_redirect_uris || [],
  grant_types: ['authorization_code'],
  response_types: ['code'],
  // basic and post are interchangeable in oidc-provider 9.x: a client registered with either
  // one may authenticate with the other.
  token_endpoint_auth_method: c.token_endpoint_auth_method || 'client_secret_basic',
}));

// ephemeral signing key (RS256) so we don't use the library's built-in dev keys
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingJwk = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: crypto.randomUUID() };

// ---------------------------------------------------------------- html helpers
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (ch) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
}[ch]));

const page = (title, body) => `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;max-width:28em;margin:3em auto}input,button{font-size:1em;padding:.4em;margin:.3em 0;width:100%;box-sizing:border-box}</style>
</head>
<body>
${body}
</body>
</html>`;

// ---------------------------------------------------------------- interaction policy
const policy = interactionPolicy.base();
if (alwaysPromptLogin) {
  // Ask for login on every fresh authorization request; the request that resumes after our
  // login form carries ctx.oidc.result.login, so it does not loop.
  policy.get('login').checks.add(new interactionPolicy.Check(
    'e2e_always_login',
    'this test provider always asks for a login',
    (ctx) => (ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT
      : interactionPolicy.Check.REQUEST_PROMPT),
  ), 0);
}

// ---------------------------------------------------------------- provider
const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [signingJwk] },
  clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
  responseTypes: ['code'],
  pkce: { required: () => true }, // S256 is the only method oidc-provider 9 supports
  scopes: ['openid'],
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username', 'given_name', 'family_name', 'nickname', 'locale', 'updated_at'],
    email: ['email', 'email_verified'],
    groups: ['groups'],
  },
  // conformIdTokenClaims stays at its default (true): for response_type=code the ID token only
  // carries sub + protocol claims; profile/email/groups come from the userinfo endpoint.
  conformIdTokenClaims: true,

  async findAccount(ctx, sub) {
    const known = accountsBySub.get(sub);
    return {
      accountId: sub,
      async claims() {
        if (!known) return { sub }; // "unknown identity": sub only
        return { ...(known.claims || {}), sub };
      },
    };
  },

  // Skip consent: make sure the grant always covers whatever OIDC scopes/claims were requested.
  async loadExistingGrant(ctx) {
    const { oidc } = ctx;
    const accountId = oidc.account.accountId;
    const clientId = oidc.client.clientId;
    const grantId = oidc.result?.consent?.grantId || oidc.session.grantIdFor(clientId);
    let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
    if (!grant || grant.accountId !== accountId || grant.clientId !== clientId) {
      grant = new oidc.provider.Grant({ accountId, clientId });
    }
    grant.addOIDCScope(oidc.requestParamOIDCScopes);
    if (oidc.requestParamClaims.size) grant.addOIDCClaims(oidc.requestParamClaims);
    await grant.save();
    return grant;
  },

  interactions: {
    policy,
    url: (ctx, interaction) => `/interaction/${interaction.uid}`,
  },

  cookies: {
    // cookies are shared between ports on 127.0.0.1, so use names that can't clash with the app
    names: { session: 'e2eop_session', interaction: 'e2eop_interaction', resume: 'e2eop_resume' },
    long: { httpOnly: true, sameSite: 'lax' },
    short: { httpOnly: true, sameSite: 'lax' },
  },

  features: {
    devInteractions: { enabled: false },
    pushedAuthorizationRequests: { enabled: false }, // .NET 9 would otherwise use PAR automatically
    userinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      // auto-confirm the "do you want to sign out" page (no external fonts, no click needed)
      async logoutSource(ctx, form) {
        ctx.type = 'html';
        ctx.body = page('Signing out', `${form}
<p>Signing out&hellip;</p>
<button id="logout" type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<script>
  (function () {
    var f = document.getElementById('op.logoutForm');
    var i = document.createElement('input');
    i.type = 'hidden'; i.name = 'logout'; i.value = 'yes';
    f.appendChild(i); f.submit();
  })();
</script>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.type = 'html';
        ctx.body = page('Signed out', '<h1 id="signed-out">Signed out</h1>');
      },
    },
  },

  async renderError(ctx, out, error) {
    ctx.type = 'html';
    ctx.body = page('OP error', `<h1>OP error</h1><pre id="error">${esc(JSON.stringify(out, null, 2))}</pre>`);
  },

  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 120,
    IdToken: 3600,
    Interaction: 3600,
    Session: 24 * 3600,
    Grant: 24 * 3600,
  },
});

// plain http, no reverse proxy: ctx.secure is false, so cookies are not marked Secure
provider.proxy = false;

provider.on('server_error', (ctx, err) => console.error('server_error', err));
if (process.env.OIDC_DEBUG) {
  for (const ev of ['authorization.error', 'grant.error', 'userinfo.error', 'end_session.error']) {
    provider.on(ev, (ctx, err) => console.error(ev, err.message, err.error_detail || err.error_description || '', err.cause?.message || ''));
  }
}

// ---------------------------------------------------------------- interaction routes
function loginForm(uid, details, error) {
  const hint = details.params.login_hint || '';
  const client = details.params.client_id;
  return page('Sign in', `<h1>Sign in</h1>
<p>Test OpenID Provider &mdash; client <code>${esc(client)}</code></p>
${error ? `<p id="login-error" style="color:#b00">${esc(error)}</p>` : ''}
<form id="login-form" method="post" action="/interaction/${esc(uid)}/login" autocomplete="off">
  <label for="login">Login</label>
  <input id="login" name="login" type="text" value="${esc(hint)}" autofocus required>
  <button id="submit" type="submit">Sign in</button>
</form>
<form id="abort-form" method="post" action="/interaction/${esc(uid)}/abort">
  <button id="abort" type="submit">Cancel</button>
</form>`);
}

function send(res, status, body, type = 'text/html; charset=utf-8') {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const c of req) {
    size += c.length;
    if (size > 64 * 1024) throw new Error('body too large');
    chunks.push(c);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function handleInteraction(req, res, uid, action) {
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch (err) {
    // expired / missing interaction cookie etc.
    return send(res, 400, page('Sign in', `<h1>Sign-in session not found</h1><pre id="error">${esc(err.message)}: ${esc(err.error_description || '')}</pre>`));
  }
  if (details.uid !== uid) return send(res, 400, page('Sign in', '<h1>Interaction mismatch</h1>'));

  const promptName = details.prompt.name;

  if (req.method === 'GET' && !action) {
    if (promptName === 'login') return send(res, 200, loginForm(uid, details));
    // should not happen (loadExistingGrant grants everything), but never show a consent screen
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope || 'openid');
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  if (req.method === 'POST' && action === 'login') {
    const form = await readForm(req);
    const login = (form.get('login') || '').trim();
    if (!login) return send(res, 200, loginForm(uid, details, 'Please enter a login.'));
    const account = accountsByLogin.get(login);
    const accountId = account ? String(account.sub) : login; // unknown login => sub = typed login
    console.log(`login "${login}" -> sub "${accountId}"${account ? '' : ' (unknown account)'}`);
    return provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
  }

  if (req.method === 'POST' && action === 'abort') {
    return provider.interactionFinished(req, res, {
      error: 'access_denied', error_description: 'End-User aborted interaction',
    }, { mergeWithLastSubmission: false });
  }

  return send(res, 405, 'method not allowed', 'text/plain');
}

// ---------------------------------------------------------------- http server
const providerCallback = provider.callback();
const interactionRoute = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?\/?$/;

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url, issuer);
  const m = interactionRoute.exec(pathname);
  if (m) {
    handleInteraction(req, res, m[1], m[2]).catch((err) => {
      console.error('interaction error', err);
      if (!res.headersSent) send(res, 500, page('Error', `<pre id="error">${esc(err.message)}</pre>`));
      else res.end();
    });
    return;
  }
  if (pathname === '/healthz') return send(res, 200, 'ok', 'text/plain');
  return providerCallback(req, res);
});

server.on('error', (err) => {
  console.error(`cannot listen on ${host}:${port}: ${err.message}`);
  process.exit(1);
});

server.listen(port, host, () => {
  process.stdout.write(`READY ${issuer}\n`);
});

// in-memory test OP: nothing to flush, exit at once (server.close would wait on keep-alive sockets)
const shutdown = () => process.exit(0);
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
