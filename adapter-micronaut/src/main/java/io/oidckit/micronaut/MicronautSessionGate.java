package io.oidckit.micronaut;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.ConditionalFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.micronaut.session.Session;
import io.micronaut.session.SessionStore;
import io.micronaut.session.http.HttpSessionFilter;
import io.micronaut.session.http.HttpSessionIdEncoder;
import io.micronaut.session.http.HttpSessionIdResolver;
import io.oidckit.web.WebRequest;

/**
 * micronaut-session's filter, skipped for a request that sends a bearer token and no session id: the core treats it
 * as stateless (docs/api-mode.md), and the filter's reactive chain was most of what such a request cost beyond an
 * open route (benchmarks/RESULTS.md). Should the core write a session on it after all (a login started by a client
 * that sends the header everywhere), {@link MicronautWebSession} saves that session and sends its cookie itself.
 * Declared as the filter it replaces (property, pattern, order), so micronaut-session's settings keep working.
 */
@Replaces(HttpSessionFilter.class)
@Requires(property = "micronaut.session.filter.enabled", notEquals = "false", defaultValue = "true")
@Filter(patternStyle = FilterPatternStyle.REGEX, value = "${micronaut.session.filter.regex-pattern:^.*$}")
final class MicronautSessionGate extends HttpSessionFilter implements ConditionalFilter {
    /** Set on a request this gate let through without the filter. */
    static final String SKIPPED = MicronautSessionGate.class.getName() + ".skipped";
    private final HttpSessionIdResolver[] resolvers;

    MicronautSessionGate(SessionStore<Session> store, HttpSessionIdResolver[] resolvers, HttpSessionIdEncoder[] encoders) {
        super(store, resolvers, encoders);
        this.resolvers = resolvers;
    }

    @Override
    public boolean isEnabled(HttpRequest<?> request) {
        if (!WebRequest.bearer(request.getHeaders().get(HttpHeaders.AUTHORIZATION))) return true;
        try {
            for (HttpSessionIdResolver resolver : resolvers) {
                if (!resolver.resolveIds(request).isEmpty()) return true;
            }
        } catch (IllegalArgumentException e) {
            return true; // an id it cannot read: the filter answers it, as without this gate
        }
        request.setAttribute(SKIPPED, Boolean.TRUE);
        return false;
    }
}
