package io.oidckit.micronaut;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.oidckit.OidcConfig;
import io.oidckit.RelyingParty;
import jakarta.inject.Singleton;

/**
 * Makes the {@link RelyingParty} of the application. Configuration, first found wins: an {@link OidcConfig} (or
 * {@link RelyingParty}) bean of the application's own; else the {@code oidckit.*} properties over the contract's
 * environment variables, every setting of the core's table ({@link MicronautOidcSettings}).
 *
 * <p>The relying party is a {@link Context} bean, so a configuration problem stops start-up with the core's message
 * (every problem, each naming its setting), and the provider's metadata starts loading in the background at once.
 */
@Factory
final class MicronautOidcFactory {

    @Singleton
    @Requires(missingBeans = OidcConfig.class)
    OidcConfig oidcConfig(Environment environment) {
        return MicronautOidcSettings.config(environment, System.getenv());
    }

    @Context
    @Requires(missingBeans = RelyingParty.class)
    RelyingParty relyingParty(OidcConfig config) {
        RelyingParty rp = RelyingParty.create(config);
        rp.prefetch();
        return rp;
    }
}
