package io.oidckit.internal.provider;

import java.net.URI;

/**
 * What the relying party uses from the provider's metadata (OpenID Connect Discovery 1.0 §3), or from the
 * static endpoints when discovery is skipped.
 */
public record ProviderInfo(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri, URI userInfoEndpoint,
                    URI endSessionEndpoint, boolean issParameterSupported, URI introspectionEndpoint,
                    URI revocationEndpoint) {
}
