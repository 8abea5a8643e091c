package io.oidckit.micronaut;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterContinuation;
import io.micronaut.session.Session;
import io.micronaut.session.SessionStore;
import io.micronaut.session.http.HttpSessionConfiguration;
import io.micronaut.session.http.HttpSessionIdEncoder;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.Router;
import io.oidckit.web.RelyingParty;
import org.reactivestreams.Publisher;

/**
 * Benchmark only (in the adapter's package to reach its package-private filter): the adapter's
 * {@link MicronautOidcFilter}, unchanged and at the same order, but matched to {@code /auth/**}, {@code /p/**} and
 * {@code /pub/**} instead of every path, so that the benchmark's {@code /open/hello} baseline runs with no sign-in
 * machinery at all, like {@code /open/*} in the servlet and Spring apps (whose filters are mapped by URL pattern).
 */
@Replaces(MicronautOidcFilter.class)
@ServerFilter({"/auth/**", "/p/**", "/pub/**"})
final class BenchScopedOidcFilter implements Ordered {
    private final MicronautOidcFilter delegate;

    BenchScopedOidcFilter(RelyingParty rp, SessionStore<Session> store, HttpSessionConfiguration sessionConfig, Router router,
                          HttpSessionIdEncoder[] encoders) {
        this.delegate = new MicronautOidcFilter(rp, store, sessionConfig, router, encoders);
    }

    @Override
    public int getOrder() {
        return delegate.getOrder();
    }

    @RequestFilter
    Publisher<MutableHttpResponse<?>> filter(HttpRequest<?> request, @Nullable RouteMatch<?> route,
                                             FilterContinuation<Publisher<MutableHttpResponse<?>>> chain) {
        return delegate.filter(request, route, chain);
    }
}
