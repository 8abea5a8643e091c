package io.oidckit.micronaut;

import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.filter.FilterContinuation;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.session.Session;
import io.micronaut.session.SessionStore;
import io.micronaut.session.http.HttpSessionConfiguration;
import io.micronaut.session.http.HttpSessionFilter;
import io.micronaut.session.http.SessionForRequest;
import io.micronaut.web.router.MethodBasedRouteMatch;
import io.micronaut.web.router.RouteInfo;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.Router;
import io.oidckit.OidcUser;
import io.oidckit.RelyingParty;
import io.oidckit.Requirement;
import io.oidckit.web.CookiePolicy;
import io.oidckit.web.Outcome;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import io.micronaut.http.MediaType;
import io.oidckit.web.ContentTypes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The oidckit filter: every request goes through {@link RelyingParty#handle}, which answers the auth routes and the
 * configured protected routes; then {@link OidcRequireRole} and non-nullable {@link OidcUser} parameters of the
 * matched controller method are checked with {@link RelyingParty#authorize}. Whatever the core decided is rendered in
 * {@link #render}, the one place where an {@link Outcome} becomes a Micronaut response.
 *
 * <p>It never blocks the event loop: the filter returns a publisher over the core's {@code CompletionStage}, which
 * completes at once for everything but the auth routes, and for those completes when the provider has answered (or
 * timed out) on the core's HTTP client threads. Netty keeps serving other requests meanwhile.
 *
 * <p>It is an around filter (it holds the continuation) rather than a request/response filter pair, because its
 * answer must reach micronaut-session's filter, itself an around filter, before that one saves the session and
 * writes the cookie; Micronaut runs the response half of a pair only after every around filter has finished.
 *
 * <p>Ordered after micronaut-session's {@link HttpSessionFilter} (which loads the session from the cookie and, on the
 * way out, saves it and writes the cookie) and before Micronaut Security's filter (which then finds the user through
 * {@code MicronautOidcAuthenticationFetcher}).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class MicronautOidcFilter implements Ordered {
    /** Between {@link ServerFilterPhase#SESSION} and {@link ServerFilterPhase#SECURITY}. */
    static final int ORDER = ServerFilterPhase.SECURITY.before();
    private final RelyingParty rp;
    private final SessionStore<Session> store;
    private final HttpSessionConfiguration sessionConfig;
    private final Router router;
    /** Per route (a fixed set, built at start-up): reading annotations on every request showed in the profile. */
    private final Map<RouteInfo<?>, Optional<Requirement>> requirements = new ConcurrentHashMap<>();

    MicronautOidcFilter(RelyingParty rp, SessionStore<Session> store, HttpSessionConfiguration sessionConfig, Router router) {
        this.rp = rp;
        this.store = store;
        this.sessionConfig = sessionConfig;
        this.router = router;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @RequestFilter
    Publisher<MutableHttpResponse<?>> filter(HttpRequest<?> request, @Nullable RouteMatch<?> route,
                                             FilterContinuation<Publisher<MutableHttpResponse<?>>> chain) {
        MicronautWebRequest web = new MicronautWebRequest(request);
        MicronautWebSession session = new MicronautWebSession(request, store);
        CompletableFuture<Outcome> decided = rp.handle(web, session, routeRequirement(request, route))
                .thenCompose(outcome -> session.stored().thenApply(stored -> outcome))
                .toCompletableFuture();
        // Every request but the auth routes' provider calls is decided at once: answer it without wrapping the
        // decision in a reactive stream (a third of this filter's cost in the Micronaut profile, benchmarks/RESULTS.md).
        Outcome now = decided.isCompletedExceptionally() ? null : decided.getNow(null); // never waits
        if (now != null) return answer(now, request, route, session, chain);
        return Mono.fromCompletionStage(decided).flatMap(outcome -> Mono.from(answer(outcome, request, route, session, chain)));
    }

    private Publisher<MutableHttpResponse<?>> answer(Outcome outcome, HttpRequest<?> request, @Nullable RouteMatch<?> route,
                                                     MicronautWebSession session,
                                                     FilterContinuation<Publisher<MutableHttpResponse<?>>> chain) {
        if (outcome instanceof Outcome.Continue c) {
            if (c.user() != null) {
                request.setAttribute(MicronautOidc.USER_ATTRIBUTE, c.user());
                request.setUserPrincipal(c.user());
            }
            return Mono.from(chain.proceed()).map(response -> {
                // The core's headers (Cache-Control: no-store for a signed-in user) are defaults the application
                // may override, as if they had been set before it wrote its answer.
                c.headers().forEach((name, value) -> {
                    if (!response.getHeaders().contains(name)) response.header(name, value);
                });
                sayUtf8(response, route);
                return finishSession(request, session, response);
            });
        }
        return Mono.just(finishSession(request, session, render(outcome)));
    }

    /** Micronaut encodes text in UTF-8 but does not say so: {@link ContentTypes#sayUtf8}. */
    private static void sayUtf8(MutableHttpResponse<?> response, @Nullable RouteMatch<?> route) {
        // Before the body is encoded, the type is often still only the route's "produces".
        Optional<MediaType> type = response.getContentType()
                .or(() -> route == null || route.getRouteInfo().getProduces().size() != 1 ? Optional.empty()
                        : Optional.of(route.getRouteInfo().getProduces().get(0)));
        type.ifPresent(t -> response.contentType(ContentTypes.sayUtf8(t.toString())));
    }

    /** The matched method's own requirement, if it has one; the core checks it on top of the configured rules. */
    private Requirement routeRequirement(HttpRequest<?> request, @Nullable RouteMatch<?> route) {
        return route != null ? requirements.computeIfAbsent(route.getRouteInfo(),
                info -> Optional.ofNullable(requirement(route))).orElse(null)
                // No route was chosen, for example because the client accepts no type the method produces (Micronaut
                // then answers 406): the requirement of a method at this path still comes first, as 401/403.
                : router.findAny(request).stream()
                        .filter(candidate -> candidate.getRouteInfo().getHttpMethodName().equals(request.getMethodName()))
                        .map(MicronautOidcFilter::requirement).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** {@link OidcRequireRole} on the method (else on its class), else "login" for a non-nullable user parameter. */
    static Requirement requirement(@Nullable RouteMatch<?> route) {
        if (route == null) return null;
        AnnotationValue<OidcRequireRole> roles = route.getAnnotationMetadata().getAnnotation(OidcRequireRole.class);
        if (roles != null) {
            Requirement r = Requirement.anyRole(roles.stringValues());
            return roles.booleanValue("api").orElse(false) ? r.asApi() : r;
        }
        if (route instanceof MethodBasedRouteMatch<?, ?> method) {
            for (Argument<?> argument : method.getArguments()) {
                if (argument.getType() == OidcUser.class && !argument.isNullable()) return Requirement.authenticated();
            }
        }
        return null;
    }

    /** The one place an outcome becomes a response: status, every header of the outcome, content type, body. */
    private static MutableHttpResponse<?> render(Outcome outcome) {
        MutableHttpResponse<?> response;
        if (outcome instanceof Outcome.Redirect r) {
            response = HttpResponse.status(HttpStatus.valueOf(r.status())).header(HttpHeaders.LOCATION, r.location());
        } else if (outcome instanceof Outcome.Page p) {
            response = body(p.status(), p.contentType(), p.html());
        } else if (outcome instanceof Outcome.Json j) {
            response = body(j.status(), j.contentType(), j.body());
        } else {
            throw new IllegalStateException("not an answer: " + outcome);
        }
        outcome.headers().forEach(response::header);
        return response;
    }

    private static MutableHttpResponse<?> body(int status, String contentType, String text) {
        // Bytes, not a String: the text is final (escaped HTML, or JSON), and no codec may encode it again.
        return HttpResponse.status(HttpStatus.valueOf(status)).contentType(contentType)
                .body(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Tells micronaut-session what to do with the cookie on the way out: clear it after logout; leave it alone when
     * the session did not change (micronaut-session would otherwise send the same cookie with every answer).
     */
    private MutableHttpResponse<?> finishSession(HttpRequest<?> request, MicronautWebSession session,
                                                 MutableHttpResponse<?> response) {
        if (session.ended()) {
            CookiePolicy policy = rp.cookiePolicy();
            response.cookie(Cookie.of(sessionConfig.getCookieName(), "").maxAge(0).path(policy.path())
                    .httpOnly(policy.httpOnly()).secure(policy.secure())
                    .sameSite(MicronautSessionCookieConfigurer.sameSite(policy)));
            return response;
        }
        boolean sessionCookie = sessionConfig.getCookieMaxAge().isEmpty() && !sessionConfig.isRememberMe();
        SessionForRequest.find(request).ifPresent(s -> {
            if (sessionCookie && !s.isNew() && !s.isModified()) {
                request.getAttributes().remove(HttpSessionFilter.SESSION_ATTRIBUTE);
            }
        });
        return response;
    }
}
