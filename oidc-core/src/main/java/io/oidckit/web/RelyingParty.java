package io.oidckit.web;

import io.oidckit.OidcConfig;
import io.oidckit.OidcUser;
import io.oidckit.Requirement;
import io.oidckit.ServiceTokens;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * An OpenID Connect relying party (OpenID Connect Core 1.0, authorization code flow with PKCE), framework-neutral.
 * One instance per application, shared by all requests; thread-safe.
 *
 * <p>An adapter calls {@link #handle} for every request and renders the {@link Outcome}: the auth routes
 * ({@code B auth/login}, the redirect URI's path, {@code B auth/logout}) are answered here, protected routes are
 * checked against {@link OidcConfig#accessRules()}, and everything else continues to the application with the
 * current user, if any. Checking an existing session does no I/O and no cryptography; only the auth routes call
 * the provider, asynchronously.
 */
public interface RelyingParty {

    /** A relying party for {@code config}. Nothing is fetched from the provider until it is needed. */
    static RelyingParty create(OidcConfig config) {
        return builder(config).build();
    }

    /** A relying party for {@code config} with more to say than the configuration: the clock, for now. */
    static Builder builder(OidcConfig config) {
        return new Builder(config);
    }

    /** Builds a {@link RelyingParty}; everything but the configuration has a default. */
    final class Builder {
        private final OidcConfig config;
        private Clock clock = Clock.systemUTC();

        private Builder(OidcConfig config) {
            this.config = java.util.Objects.requireNonNull(config, "config");
        }

        /**
         * The clock for every time check: token expiry and issue time, pending logins, sessions, caches. Tests move
         * it; replicas share the wall clock. Default: {@link Clock#systemUTC()}.
         */
        public Builder clock(Clock clock) {
            this.clock = java.util.Objects.requireNonNull(clock, "clock");
            return this;
        }

        public RelyingParty build() {
            return Implementation.factory().create(config, clock);
        }
    }

    /**
     * How the port reaches oidc-core's implementation without depending on it (no package cycle): one provider,
     * registered in oidc-core's own {@code META-INF/services}. Not for applications or adapters to implement.
     */
    interface Factory {
        RelyingParty create(OidcConfig config, Clock clock);
    }

    /**
     * Answers a request: an auth route, a protected route, or a public one (then {@link Outcome.Continue}).
     * The stage never fails: every problem becomes an error page or JSON outcome with the contract's status.
     * It completes at once unless the provider must be called. In cookie mode ({@code OIDC_SESSION_MODE=cookie})
     * the session is the request's cookies, its changes are {@link Outcome#cookies()}, and {@code session} is never
     * used: a server without sessions passes any (adapter-jdk).
     */
    CompletionStage<Outcome> handle(WebRequest request, WebSession session);

    /**
     * {@link #handle(WebRequest, WebSession)} for an adapter that knows the route's own requirement before the
     * application runs (an annotation on the handler method): the configured rules and {@code routeRequirement}
     * (when not {@code null}) are checked together, the rule first, and the answer is the one outcome to render.
     */
    CompletionStage<Outcome> handle(WebRequest request, WebSession session, Requirement routeRequirement);

    /**
     * Checks one requirement for a request, for adapters that protect routes by annotation. A session is checked
     * without I/O (an anonymous browser is redirected to the login route, which then calls the provider), and so is
     * a bearer token already known; a new one may need the provider's keys or its introspection endpoint. The stage
     * never fails.
     */
    CompletionStage<Outcome> authorize(WebRequest request, WebSession session, Requirement requirement);

    /**
     * The signed-in user of this framework session, if any and not expired. No I/O, no cryptography. In cookie mode
     * the session is the request's cookies, not {@code session}: take the user from {@link Outcome.Continue#user()}.
     */
    Optional<OidcUser> currentUser(WebSession session);

    /**
     * Access tokens of this client itself, for the app's calls to other services (the client credentials grant):
     * cached, renewed before they expire, one renewal at a time.
     */
    ServiceTokens serviceTokens();

    /**
     * For the app's health check: degraded while the replicas' store ({@code OIDC_REDIS_URL}) cannot be reached
     * (logouts are then applied on this replica only, and published when it is back). No I/O: the state of the last
     * attempt.
     */
    Health health();

    /** The attributes the session cookie must carry. */
    CookiePolicy cookiePolicy();

    OidcConfig config();

    /** {@code B auth/login}. */
    String loginPath();

    /** {@code B auth/logout}. */
    String logoutPath();

    /** The path of {@code OIDC_REDIRECT_URI}. */
    String callbackPath();

    /**
     * Starts loading the provider's metadata and keys in the background, so the first login does not wait for
     * them. Never fails and never blocks: a provider that is down is simply tried again when needed.
     */
    void prefetch();

    /**
     * Answers one login for nobody (a scratch request and session; no browser, no store sees it) on the calling
     * thread, so the classes of the login path are loaded there and not by the first real login: on an event loop
     * that first load takes 100-300 ms on a cold JVM. Call it from a worker thread at start-up. Never fails; the
     * stage completes when the login has been answered (a provider that is down is fine).
     */
    CompletionStage<Void> warmUp();
}
