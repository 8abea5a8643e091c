package io.oidckit.web;

import java.util.List;

/**
 * What a health check reports for one relying party: {@link Status#UP}, or {@link Status#DEGRADED} with what is
 * wrong, one line each, starting with its code (docs/errors.md). Never "down": a provider or a store that is away
 * is answered request by request (the 503 page, the revocations already known), so an instance that reports
 * degraded still belongs in the load balancer.
 */
public record Health(Status status, List<String> problems) {
    public enum Status { UP, DEGRADED }

    public Health {
        problems = List.copyOf(problems);
    }
}
