package io.oidckit.micronaut;

import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterContinuation;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.session.Session;
import io.micronaut.session.SessionStore;
import io.micronaut.session.http.HttpSessionConfiguration;
import io.micronaut.session.http.HttpSessionIdEncoder;
import io.micronaut.web.router.MethodBasedRouteMatch;
import io.micronaut.web.router.RouteInfo;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.Router;
import io.oidckit.OidcUser;
import io.oidckit.web.RelyingParty;
import io.oidckit.Requirement;
import io.oidckit.web.ContentTypes;
import io.oidckit.web.Outcome;
import io.oidckit.web.WebRequest;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The oidckit filter: every request goes through {@link RelyingParty#handle} with the matched method's own
 * requirement ({@link OidcRequireRole}, a non-nullable {@link OidcUser} parameter). It never blocks the event loop:
 * provider calls complete on the core's HTTP client threads. An around filter, not a request/response pair: its
 * answer must reach micronaut-session's around filter, ordered before it, before that one saves the session and
 * writes the cookie. Micronaut Security's filter runs after it (through {@code MicronautOidcAuthenticationFetcher}).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class MicronautOidcFilter implements Ordered {
    /** Between {@link ServerFilterPhase#SESSION} and {@link ServerFilterPhase#SECURITY}. */
    static final int ORDER = ServerFilterPhase.SECURITY.before();
    private final RelyingParty rp;
    private final SessionStore<Session> store;
    private final HttpSessionConfiguration sessionConfig;
    private final Router router;
    private final HttpSessionIdEncoder[] encoders;
    /** Per route (a fixed set, built at start-up): reading annotations on every request showed in the profile. */
    private final Map<RouteInfo<?>, Optional<Requirement>> requirements = new ConcurrentHashMap<>();

    MicronautOidcFilter(RelyingParty rp, SessionStore<Session> store, HttpSessionConfiguration sessionConfig, Router router,
                        HttpSessionIdEncoder[] encoders) {
        this.rp = rp;
        this.store = store;
        this.sessionConfig = sessionConfig;
        this.router = router;
        this.encoders = encoders;
    }

    @Override public int getOrder() { return ORDER; }

    @RequestFilter
    Publisher<MutableHttpResponse<?>> filter(HttpRequest<?> request, @Nullable RouteMatch<?> route,
                                             FilterContinuation<Publisher<MutableHttpResponse<?>>> chain) {
        MicronautWebSession session = new MicronautWebSession(request, store, sessionConfig, rp.cookiePolicy(), encoders);
        // The raw, still percent-encoded path and query: the core normalises them, the same way on every framework.
        WebRequest web = WebRequest.of(request.getMethodName(), request.getPath(), request.getUri().getRawQuery(),
                request.getHeaders()::get, max -> body(request, max));
        CompletableFuture<Outcome> decided = rp.handle(web, session, routeRequirement(request, route))
                .thenCompose(outcome -> session.stored().thenApply(stored -> outcome)).toCompletableFuture();
        // Decided at once but for provider calls: then no reactive stream around it (a third of the cost, RESULTS.md).
        Outcome now = decided.isCompletedExceptionally() ? null : decided.getNow(null); // never waits
        if (now != null) return answer(now, request, route, session, chain);
        return Mono.fromCompletionStage(decided).flatMap(outcome -> Mono.from(answer(outcome, request, route, session, chain)));
    }

    private Publisher<MutableHttpResponse<?>> answer(Outcome outcome, HttpRequest<?> request, @Nullable RouteMatch<?> route,
                                                     MicronautWebSession session,
                                                     FilterContinuation<Publisher<MutableHttpResponse<?>>> chain) {
        if (!(outcome instanceof Outcome.Continue go)) return Mono.just(session.finish(render((Outcome.Answer) outcome)));
        if (go.user() != null) {
            request.setAttribute(MicronautOidc.USER_ATTRIBUTE, go.user());
            request.setUserPrincipal(go.user());
        }
        return Mono.from(chain.proceed()).map(response -> {
            // The core's headers (no-store for a signed-in user) are defaults the application may override.
            go.headers().forEach((name, value) -> {
                if (!response.getHeaders().contains(name)) response.header(name, value);
            });
            go.cookies().forEach(cookie -> response.getHeaders().add(HttpHeaders.SET_COOKIE, cookie));
            // Micronaut writes UTF-8 without saying so; before encoding, the type is often only the route's "produces".
            response.getContentType().or(() -> route == null || route.getRouteInfo().getProduces().size() != 1
                            ? Optional.empty() : Optional.of(route.getRouteInfo().getProduces().get(0)))
                    .ifPresent(type -> response.contentType(ContentTypes.sayUtf8(type.toString())));
            return session.finish(response);
        });
    }

    /** The body for back-channel logout: a copy (the route could still read it), Micronaut's size limit first. */
    private static java.util.concurrent.CompletionStage<byte[]> body(HttpRequest<?> request, int max) {
        if (!(request instanceof ServerHttpRequest<?> server) || server.byteBody().expectedLength().orElse(0) > max) {
            return CompletableFuture.failedFuture(new java.io.IOException("no body, or one over " + max + " bytes"));
        }
        return server.byteBody().split().buffer().thenApply(b -> {
            try (b) {
                return b.toByteArray();
            }
        });
    }

    /** The matched method's own requirement, if it has one; the core checks it on top of the configured rules. */
    private Requirement routeRequirement(HttpRequest<?> request, @Nullable RouteMatch<?> route) {
        return route != null ? requirements.computeIfAbsent(route.getRouteInfo(),
                info -> Optional.ofNullable(requirement(route))).orElse(null)
                // No route chosen (the client accepts no type the method produces, so Micronaut answers 406): the
                // requirement of a method at this path still comes first, as 401/403.
                : router.findAny(request).stream()
                        .filter(candidate -> candidate.getRouteInfo().getHttpMethodName().equals(request.getMethodName()))
                        .map(MicronautOidcFilter::requirement).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** {@link OidcRequireRole} on the method (else on its class), else "login" for a non-nullable user parameter. */
    static Requirement requirement(@Nullable RouteMatch<?> route) {
        if (route == null) return null;
        AnnotationValue<OidcRequireRole> roles = route.getAnnotationMetadata().getAnnotation(OidcRequireRole.class);
        if (roles != null) {
            return Requirement.declared(roles.stringValues(), roles.booleanValue("api").orElse(false), roles.enumValue(
                    "credential", Requirement.Credential.class).orElse(Requirement.Credential.SESSION), roles.stringValues("scopes"));
        }
        return route instanceof MethodBasedRouteMatch<?, ?> method && java.util.Arrays.stream(method.getArguments())
                .anyMatch(a -> a.getType() == OidcUser.class && !a.isNullable()) ? Requirement.authenticated() : null;
    }

    /** The one place an answer becomes a response: status, every header (a redirect's {@code Location} too), body. */
    private static MutableHttpResponse<?> render(Outcome.Answer answer) {
        MutableHttpResponse<?> response = HttpResponse.status(HttpStatus.valueOf(answer.status()));
        answer.headers().forEach(response::header);
        answer.cookies().forEach(cookie -> response.getHeaders().add(HttpHeaders.SET_COOKIE, cookie));
        // Bytes, not a String: the text is final (escaped HTML, or JSON), and no codec may encode it again.
        return answer.contentType() == null ? response
                : response.contentType(answer.contentType()).body(answer.body().getBytes(StandardCharsets.UTF_8));
    }
}
