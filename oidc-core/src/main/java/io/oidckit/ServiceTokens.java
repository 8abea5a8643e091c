package io.oidckit;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Access tokens of this client itself, for the app's calls to other services (the client credentials grant,
 * RFC 6749 §4.4), with the client authentication configured for the token endpoint. Each token is kept and handed
 * out again until shortly before it expires, then renewed by one call however many ask at once.
 *
 * <p>The stage fails with an {@link OidcException}: {@code OIDC302} when the provider refuses the grant (the client
 * may not use it, or an unknown scope), {@code OIDC401}/{@code OIDC402} when it cannot be reached.
 */
public interface ServiceTokens {
    /** An access token granted {@code scopes} (none: the provider's default). */
    default CompletionStage<String> token(Set<String> scopes) {
        return token(scopes, null);
    }

    /** An access token granted {@code scopes} for {@code resource} (RFC 8707), or for no particular one when {@code null}. */
    CompletionStage<String> token(Set<String> scopes, URI resource);
}
