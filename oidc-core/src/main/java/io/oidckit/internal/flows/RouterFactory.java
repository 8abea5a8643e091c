package io.oidckit.internal.flows;

import io.oidckit.OidcConfig;
import io.oidckit.web.RelyingParty;

import java.time.Clock;

/**
 * oidc-core's implementation of the port, as {@link RelyingParty.Builder#build()} finds it: through
 * {@code META-INF/services}, so the port does not depend on the flows that implement it.
 */
public final class RouterFactory implements RelyingParty.Factory {
    @Override
    public RelyingParty create(OidcConfig config, Clock clock) {
        return new Router(config, clock);
    }
}
