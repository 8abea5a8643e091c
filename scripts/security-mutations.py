#!/usr/bin/env python3
"""Removes one security check of oidc-core at a time and runs the tests: every removal must turn them red.

Works on a scratch copy of the repository, offline, so the working tree is never touched.
Usage: scripts/security-mutations.py [--adapter adapter-servlet [--kit-tests PATTERN]] [--only NAME[,NAME...]]
  without --adapter: oidc-core's own tests must catch each removal;
  with --adapter: only that adapter's run of the adapter test kit (*CompatibilityTest) must catch it.
"""
import argparse, os, shutil, subprocess, sys, tempfile

C = "oidc-core/src/main/java/io/oidckit/"
I = C + "internal/"
F = I + "flows/"
P = I + "provider/"
T = I + "tokens/"
B = I + "bearer/"
S = I + "sessions/"
W = C + "web/"
MUTATIONS = [
    ("state must match a pending login", S + "PendingLogins.java",
     "if (IdTokenVerifier.constantTimeEquals(p.state(), state)) match = p;", "match = p;"),
    ("a used pending login is removed (replay)", S + "PendingLogins.java", "all.remove(match);", ";"),
    ("pending logins expire", F + "CallbackFlow.java", "if (pending.expired(match, now)) {", "if (false) {"),
    ("pending logins are capped", S + "PendingLogins.java", "while (list.size() > max)", "while (false)"),
    ("a pending-login cookie's state must match", S + "PendingLogins.java",
     "if (p != null && n.equals(name) && IdTokenVerifier.constantTimeEquals(p.state(), state)) {", "if (p != null) {"),
    ("a used pending-login cookie is cleared", S + "PendingLogins.java", "jar.clear(n, callbackPath); // used once", ";"),
    ("pending-login cookies are capped at the callback", S + "PendingLogins.java",
     "return newer.stream().filter(t -> t > created).count() >= max ? null : match;", "return match;"),
    ("sealed values: only dir with A256GCM, no zip", S + "Sealer.java",
     "if (!JWEAlgorithm.DIR.equals(h.getAlgorithm()) || !EncryptionMethod.A256GCM.equals(h.getEncryptionMethod())", "if (false"),
    ("sealing keys per purpose", S + "Sealer.java",
     'byte[] key = hkdf(ikm, "oidckit/v1/" + purpose + "/A256GCM", 32);', 'byte[] key = hkdf(ikm, "oidckit/v1/A256GCM", 32);'),
    ("cookie session ends when idle", S + "CookieSession.java",
     "now - o.seen < kind.idle && o.created <= now + 60;", "o.created <= now + 60;"),
    ("an unreadable session cookie is cleared", S + "CookieSession.java",
     "this.changed = receivedChunks > 0 && (!live ||", "this.changed = receivedChunks > 0 && (false ||"),
    ("a known bearer token still meets the route's requirements", F + "BearerRoutes.java",
     "if (known != null) return Answers.done(judge(known, rule, route));", "if (known != null) return Answers.done(judge(known, null, null));"),
    ("the ID token cookie belongs to its session (login time)", S + "CookieSession.java",
     'if (Json.number(m, "c") == created) idToken = Json.string(m, "t");', 'idToken = Json.string(m, "t");'),
    ("the session memo hits only on the whole sealed value", S + "CookieSession.java",
     "if (known != null && known.sealed.equals(sealed)) return known.opened;", "if (known != null) return known.opened;"),
    ("an ended session clears the ID token cookie", S + "CookieSession.java",
     "if (receivedChunks > 0 || idTokenChanged) jar.clearUnseen(ID_TOKEN_NAME, kind.logoutPath);", ";"),
    ("cookies HttpOnly and SameSite=Lax", S + "CookieJar.java", '"; HttpOnly; SameSite=Lax"', '""'),
    ("cookies Secure for an https redirect URI", S + "CookieJar.java", '+ (secure ? "; Secure" : "")', '+ ""'),
    ("cookie mode needs a secret (no per-process key)", C + "ConfigCheck.java",
     "if (v.get(OIDC_SESSION_MODE) == OidcConfig.SessionMode.COOKIE && sessionSecret == null", "if (false"),
    ("every session secret has 32 characters", C + "ConfigCheck.java",
     "anyMatch(x -> x.length() < 32)", "anyMatch(x -> false)"),
    ("a failing session store is a 503, not a provider failure", S + "StoreGuard.java",
     "return store.get(key);\n        } catch (RuntimeException e) {\n            throw failed(e);",
     "return store.get(key);\n        } catch (IllegalArgumentException e) {\n            throw failed(e);"),
    ("a pending login's session lives OIDC_PENDING_LOGIN_TTL", S + "PendingLogins.java",
     "if (anonymous) session.expireAfter(ttl);", ";"),
    ("callback parameters single and <= 4 KiB", F + "CallbackFlow.java",
     "if (v.size() > 1 || (v.size() == 1 && v.get(0).length() > MAX_CALLBACK_PARAM)) {", "if (false) {"),
    ("RFC 9207 iss", F + "CallbackFlow.java",
     "if (iss != null ? !iss.equals(info.issuer()) : info.issParameterSupported()) {", "if (false) {"),
    ("UserInfo sub", F + "CallbackFlow.java",
     "if (!idClaims.getSubject().equals(fetched.get(\"sub\"))) {", "if (false) {"),
    ("session id renewed at login", F + "CallbackFlow.java", "session.renewId();", ";"),
    ("cross-site logout refused", F + "LogoutFlow.java",
     "if (\"cross-site\".equalsIgnoreCase(request.header(\"Sec-Fetch-Site\"))) {", "if (false) {"),
    ("JSON negotiation", F + "Negotiation.java",
     "if (\"XMLHttpRequest\".equalsIgnoreCase(request.header(\"X-Requested-With\"))) return true;", ""),
    ("role required", C + "Requirement.java", "if (user.roles().contains(r)) return true;", "return true;"),
    ("algorithm allow-list (none, HS256)", T + "SignedJwts.java",
     "if (!algs.contains(alg)) {", "if (false) {"),
    ("no key material from the token header", T + "SignedJwts.java",
     "if (header.getJWK() != null || header.getJWKURL() != null", "if (false && header.getJWK() != null || false && header.getJWKURL() != null"),
    ("nonce", T + "IdTokenVerifier.java",
     "if (!constantTimeEquals(stringClaim(claims, \"nonce\"), expectedNonce)) {", "if (false) {"),
    ("iat not in the future", T + "IdTokenVerifier.java",
     "if (iat.getTime() > clock.millis() + config.clockSkew().toMillis()) {", "if (false) {"),
    ("iat judged by the injected clock", T + "IdTokenVerifier.java",
     "if (iat.getTime() > clock.millis() + config.clockSkew().toMillis()) {",
     "if (iat.getTime() > System.currentTimeMillis() + config.clockSkew().toMillis()) {"),
    ("exp and nbf judged by the injected clock", T + "IdTokenVerifier.java",
     "return new Date(clock.millis());", "return new Date();"),
    ("audience", T + "IdTokenVerifier.java", "Set.of(config.clientId()), new JWTClaimsSet.Builder()", "null, new JWTClaimsSet.Builder()"),
    ("issuer in the ID token", T + "IdTokenVerifier.java",
     "new JWTClaimsSet.Builder().issuer(issuer).build()", "new JWTClaimsSet.Builder().build()"),
    ("azp", T + "IdTokenVerifier.java",
     "if ((aud.size() > 1 && azp == null) || (azp != null && !azp.equals(config.clientId()))) {", "if (false) {"),
    ("clock skew bounded", T + "IdTokenVerifier.java",
     "claims.setMaxClockSkew((int) config.clockSkew().toSeconds());", "claims.setMaxClockSkew(100_000);"),
    ("unknown kid refresh rate-limited", P + "RefreshingCache.java",
     "if (lastForced != null && now.isBefore(lastForced.plus(minInterval))) {", "if (false) {"),
    ("discovery issuer must match", P + "Discovery.java",
     "if (!issuer.equals(config.authority().toString())) {", "if (false) {"),
    ("discovery issuer identical: no slash or case leniency", P + "Discovery.java",
     "if (!issuer.equals(config.authority().toString())) {",
     "if (!issuer.replaceAll(\"/$\", \"\").equalsIgnoreCase(config.authority().toString().replaceAll(\"/$\", \"\"))) {"),
    ("provider must offer a registered algorithm", P + "Discovery.java",
     "if (offered != null && offered.stream().noneMatch(a -> config.idTokenSigningAlgs().contains(a.getName()))) {", "if (false) {"),
    ("JWKS: key_ops must include verify", P + "Discovery.java",
     "|| (k.getKeyOperations() != null && !k.getKeyOperations().contains(KeyOperation.VERIFY))) {", ") {"),
    ("JWKS: RSA at least 2048 bits", P + "Discovery.java", "return !(k instanceof RSAKey rsa) || rsa.size() >= 2048;", "return true;"),
    ("RS256 alone by default", C + "settings/Setting.java",
     "OIDC_ID_TOKEN_SIGNING_ALGS(Type.WORDS, \"=RS256\",", "OIDC_ID_TOKEN_SIGNING_ALGS(Type.WORDS, \"=RS256 ES256 PS256\","),
    ("UserInfo called by default for profile/email scopes", C + "OidcConfig.java",
     "case AUTO -> scopes().stream().anyMatch(USERINFO_SCOPES::contains);", "case AUTO -> false;"),
    ("sub non-empty and at most 255 characters", T + "Claims.java",
     "if (!(sub instanceof String s) || s.isEmpty() || s.length() > 255) return false;", "if (!(sub instanceof String s)) return false;"),
    ("sub ASCII only", T + "Claims.java", "if (c < 0x20 || c > 0x7e) return false;", ""),
    ("a sub that reads like a number is checked as sent", T + "Claims.java",
     "claims.getClaim(\"sub\") instanceof String sub && NUMBER.matcher(sub).matches()", "false"),
    ("claims have their JSON types", T + "Claims.java", "if (v != null && !is(v, e.getValue())) {", "if (false) {"),
    ("UserInfo claims checked", F + "CallbackFlow.java",
     "Claims.check(fetched, Claims.USERINFO_TYPES, ErrorCode.USERINFO_CLAIM_INVALID, \"UserInfo answer\");", ""),
    ("token_type Bearer (DPoP)", P + "TokenEndpoint.java", "if (!AccessTokenType.BEARER.equals(type)) {", "if (false) {"),
    ("token_type Bearer (unparsed types named)", P + "TokenEndpoint.java", "if (!\"bearer\".equalsIgnoreCase(type)) {", "if (false) {"),
    ("logout sends state", F + "LogoutFlow.java", "config.postLogoutRedirectUri(), new State(state), null).toURI();",
     "config.postLogoutRedirectUri(), null, null).toURI();"),
    ("logout state checked on the way back", F + "LogoutFlow.java",
     "|| !IdTokenVerifier.constantTimeEquals(stored.substring(0, space), state)) {", ") {"),
    ("discovered endpoints must be https off loopback", P + "Discovery.java", "if (!ok || u.getHost() == null) {", "if (false) {"),
    ("redirects from the provider not followed", P + "ProviderHttp.java",
     ".followRedirects(HttpClient.Redirect.NEVER)", ".followRedirects(HttpClient.Redirect.NORMAL)"),
    ("response size limit", P + "LimitedBody.java", "if (received > limit) {", "if (false) {"),
    ("provider calls time out", P + "ProviderHttp.java",
     "return call.orTimeout(responseTimeout.toMillis() + 50, java.util.concurrent.TimeUnit.MILLISECONDS)",
     "return call.orTimeout(60_000, java.util.concurrent.TimeUnit.MILLISECONDS)"),
    ("safe return_to", I + "Paths.java",
     "if (returnTo == null || returnTo.isEmpty() || returnTo.length() > 2048) return false;",
     "if (returnTo != null) return true;"),
    ("path shortcut only for paths already normal", I + "Paths.java",
     "if (c == '%' || c == ';' || c == '\\\\') return false;", "if (c == ';') return false;"),
    ("path normalisation before rule matching", I + "Paths.java",
     "if (rawPath == null || rawPath.isEmpty()) return \"/\";", "if (rawPath != null) return rawPath;"),
    ("error pages: nosniff", W + "Pages.java", "h.put(\"X-Content-Type-Options\", \"nosniff\");", ""),
    ("error pages never echo provider text", W + "Pages.java",
     "case 400 -> page(\"Sign-in failed\", \"The sign-in could not be completed.",
     "case 400 -> page(\"Sign-in failed\" + ERR, \"The sign-in could not be completed."),
    ("http only for loopback", C + "ConfigCheck.java",
     "} else if (!Boolean.TRUE.equals(v.get(OIDC_ALLOW_INSECURE_HTTP)) && !Hosts.isLoopback(u.getHost())) {", "} else if (false) {"),
    ("access token audience", T + "AccessTokenVerifier.java",
     "Set.of(config.apiAudience()), new JWTClaimsSet.Builder()", "null, new JWTClaimsSet.Builder()"),
    ("access token issuer", T + "AccessTokenVerifier.java",
     "new JWTClaimsSet.Builder().issuer(issuer).build()", "new JWTClaimsSet.Builder().build()"),
    ("access token typ at+jwt", T + "AccessTokenVerifier.java",
     "new ArrayList<>(List.of(AT_JWT, APPLICATION_AT_JWT));", "new ArrayList<>(List.of(AT_JWT, APPLICATION_AT_JWT, JOSEObjectType.JWT));"),
    ("an ID token is never an access token", T + "AccessTokenVerifier.java",
     "if (!typed && ID_TOKEN_ONLY.stream().anyMatch(claim -> claims.getClaim(claim) != null)) {", "if (false) {"),
    ("no HMAC access tokens", T + "AccessTokenVerifier.java", "if (!JWSAlgorithm.Family.HMAC_SHA.contains(a)) {", "if (true) {"),
    ("access token iat not in the future", T + "AccessTokenVerifier.java",
     "if (claims.getIssueTime().getTime() > clock.millis() + config.clockSkew().toMillis()) {", "if (false) {"),
    ("introspection: active", B + "BearerTokens.java", "if (!Boolean.TRUE.equals(answer.get(\"active\")))", "if (false)"),
    ("introspection: audience", B + "BearerTokens.java", "if (!ours) return", "if (false) return"),
    ("introspection: issuer", B + "BearerTokens.java", "if (iss != null && !info.issuer().equals(iss))", "if (false)"),
    ("introspection: exp", B + "BearerTokens.java",
     "if (answer.get(\"exp\") instanceof Number exp && exp.longValue() * 1000 + skew <= now) {", "if (false) {"),
    ("a remembered token expires", B + "TokenCache.java", "if (v.until() > now) return v;", "return v;"),
    ("a remembered token is matched in full", B + "TokenCache.java",
     "return o instanceof Key k && k.token.equals(token);", "return o instanceof Key k && k.hashCode() == hashCode();"),
    ("scope required", C + "Requirement.java", "if (granted.contains(s)) return true;", "return true;"),
    ("bearer token in the query refused", F + "BearerRoutes.java",
     "if (new Query(request.rawQuery()).first(\"access_token\") != null) {", "if (false) {"),
    ("a bearer-only route never takes the session", F + "BearerRoutes.java",
     "boolean tokenOnly = only(rule) || only(route);", "boolean tokenOnly = false;"),
    ("bearer routes need an audience", C + "ConfigCheck.java",
     "&& v.get(OIDC_API_AUDIENCE) == null && !unparsable.contains(OIDC_API_AUDIENCE)) {", "&& false) {"),
    ("secrets masked", C + "OidcConfig.java", "shown.put(s.envName(), s.secret() ? \"(set)\" : text(s));",
     "shown.put(s.envName(), text(s));"),
    ("revoked logins end on the hot path", F + "Authorization.java",
     "clock.millis() / 1000 >= user.expiresAt() || revocations.ended(user))", "clock.millis() / 1000 >= user.expiresAt())"),
    ("a revocation by sub spares later logins", S + "Revocations.java",
     "if (at != null && user.authenticatedAt() <= at) return true;", "if (at != null) return true;"),
    ("a logout token has no nonce", T + "LogoutTokenVerifier.java", 'Set.of("nonce"),', "Set.of(),"),
    ("a logout token typed otherwise than logout+jwt or JWT is refused", T + "LogoutTokenVerifier.java",
     "new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, LOGOUT_JWT, null)",
     'new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, LOGOUT_JWT, new JOSEObjectType("at+jwt"), null)'),
    ("a logout token names the back-channel logout event", T + "LogoutTokenVerifier.java",
     "|| !(events.get(EVENT) instanceof Map<?, ?>)", ""),
    ("a logout token's jti is never taken twice", T + "LogoutTokenVerifier.java",
     "if (seen.putIfAbsent(key, until) != null) throw", "if (false) throw"),
    ("a logout token is at most 5 minutes old", T + "LogoutTokenVerifier.java",
     "if (iat < now - MAX_AGE_SECONDS - skew) throw", "if (false) throw"),
    ("a logout token is not from the future", T + "LogoutTokenVerifier.java", "if (iat > now + skew) throw", "if (false) throw"),
    ("back-channel logout takes only a form", F + "ProviderLogoutFlow.java",
     'if (!isForm(request.header("Content-Type"))) {', "if (false) {"),
    ("back-channel logout takes one logout_token", F + "ProviderLogoutFlow.java",
     "tokens.size() != 1 || tokens.get(0).isEmpty()", "tokens.isEmpty()"),
    ("front-channel logout only for the provider's iss", F + "ProviderLogoutFlow.java",
     "if (!iss.equals(info.issuer())) {", "if (false) {"),
    ("the front-channel page only the provider may frame", W + "Pages.java",
     '"default-src \'none\'; style-src \'unsafe-inline\'; frame-ancestors " + providerOrigin', '"default-src \'none\'; style-src \'unsafe-inline\'"'),
    ("a refreshed ID token has the login's sub (§12.2)", T + "IdTokenVerifier.java",
     "if (!sub.equals(claims.getSubject())) why =", "if (false) why ="),
    ("a refreshed ID token has the login's auth_time (§12.2)", T + "IdTokenVerifier.java",
     "if (at != null && authTime > 0 && !(at instanceof Number n && n.longValue() == authTime)) {", "if (false) {"),
    ("a refreshed ID token has no nonce but the login's", T + "IdTokenVerifier.java",
     "if (n != null && !constantTimeEquals(n, nonce)) why =", "if (false) why ="),
    ("invalid_grant or a refused refreshed ID token ends the session", F + "Refresh.java",
     "if (t instanceof OidcException e && (e.code() == ErrorCode.REFRESH_REFUSED || e.code() == ErrorCode.REFRESH_ID_TOKEN_INVALID)) {",
     "if (false) {"),
    ("past OIDC_REFRESH_GRACE a protected route is 503", F + "Refresh.java",
     "if (!needsToken || now < user.accessTokenExpiresAt() + config.refreshGrace().toSeconds()) return Result.KEPT;",
     "if (true) return Result.KEPT;"),
    ("without a refresh token the session ends with its access token", F + "Refresh.java",
     "if (now < user.accessTokenExpiresAt()) return CompletableFuture.completedFuture(Result.KEPT);",
     "if (true) return CompletableFuture.completedFuture(Result.KEPT);"),
    ("one refresh call per refresh token at a time", F + "Refresh.java",
     "CompletableFuture<RefreshedTokens> theirs = inFlight.putIfAbsent(rt, mine);", "CompletableFuture<RefreshedTokens> theirs = null;"),
    ("a replaced refresh token gets the kept answer, not a second spend", F + "Refresh.java",
     "if (known != null && known.until > now && !due(withTokens(user, known.tokens, now), now)) {", "if (false) {"),
    ("replicas refresh once through their store", F + "Router.java",
     "this.refresh = new Refresh(config, clock, provider, idTokens, users, revocations.channel() == null ? null",
     "this.refresh = new Refresh(config, clock, provider, idTokens, users, true ? null"),
    ("a replica without the lock waits for the answer", F + "SharedRefresh.java",
     "return channel.claim(id + \":lock\", \"1\", lockMillis).thenApply(mine -> mine ? Step.CALL : Step.WAIT);",
     "return CompletableFuture.completedFuture(Step.CALL);"),
    ("a full replica refuses unsigned revocations, never forgets one in force", S + "Revocations.java",
     "if (!signed && size() >= LIMIT) return false;", ";"),
    ("a shared answer that does not open never leads to a second spend", F + "SharedRefresh.java",
     "if (failure != null && Async.unwrap(failure) instanceof OidcException) {", "if (false) {"),
    ("logout ends every copy of the login", S + "Revocations.java",
     "if (user.loginId() != null && byLogin.containsKey(user.loginId())) return true;", ";"),
    ("logout revokes the refresh token at the provider", F + "LogoutFlow.java",
     "if (failure == null && refresh != null) revokeAtProvider(info, refresh);", ";"),
]
# The "never echo" mutation needs the provider text to reach the page: thread error_description through.
ECHO = ("error pages never echo provider text", F + "CallbackFlow.java",
        "throw new OidcException(ErrorCode.AUTHORIZATION_ERROR, \"the provider answered with error=\"",
        "io.oidckit.web.Pages.ERR = String.valueOf(q.first(\"error_description\")); throw new OidcException(ErrorCode.AUTHORIZATION_ERROR, \"the provider answered with error=\"")
ECHO_FIELD = (W + "Pages.java", "public static final Map<String, String> NO_STORE", "public static String ERR = \"\";\n    public static final Map<String, String> NO_STORE")


def run(repo, modules, kit_only):
    cmd = ["mvn", "-B", "-q", "-o", "-Denforcer.skip", "-pl", modules, "test"]
    if kit_only:
        cmd += ["-Dtest=" + kit_only, "-Dsurefire.failIfNoSpecifiedTests=false", "-Doidckit.skipSecurityRun=true"]
    r = subprocess.run(cmd, cwd=repo,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900)
    return r.returncode, r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--adapter")
    ap.add_argument("--only")
    ap.add_argument("--kit-tests", default="*CompatibilityTest*",
                    help="with --adapter: the Surefire -Dtest pattern of the kit's classes to run")
    a = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    scratch = tempfile.mkdtemp(prefix="oidckit-mutations-")
    shutil.copytree(root, scratch, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".git", "target"))
    modules = "oidc-test-provider,oidc-core" + (",adapter-tck," + a.adapter if a.adapter else "")
    kit_only = a.kit_tests if a.adapter else None
    code, out = run(scratch, modules, kit_only)
    if code != 0:
        print("the unmutated build is red; fix that first\n" + out[-3000:])
        return 2
    survivors = skipped = 0
    for name, path, old, new in MUTATIONS:
        if a.only and not any(part in name for part in a.only.split(",")):
            continue
        edits = [(path, old, new)]
        if name == ECHO[0]:
            edits += [ECHO[1:], ECHO_FIELD]
        saved = {}
        for p, o, n in edits:
            f = os.path.join(scratch, p)
            saved.setdefault(f, open(f).read())
            text = open(f).read()
            if text.count(o) != 1:
                print(f"SKIPPED  {name}: the check's text is not found exactly once in {p}")
                skipped += 1
                break
            open(f, "w").write(text.replace(o, n))
        else:
            code, out = run(scratch, modules, kit_only)
            verdict = "caught" if code != 0 else "SURVIVED"
            survivors += code == 0
            print(f"{verdict:8} {name}", flush=True)
        for f, text in saved.items():
            open(f, "w").write(text)
    shutil.rmtree(scratch, ignore_errors=True)
    # A skipped mutation is a check this script no longer finds (the code moved on): as bad as a survivor.
    print(f"{survivors} survived, {skipped} skipped")
    return 1 if survivors or skipped else 0


if __name__ == "__main__":
    sys.exit(main())
