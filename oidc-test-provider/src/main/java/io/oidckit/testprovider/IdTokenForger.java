package io.oidckit.testprovider;

import com.nimbusds.jwt.JWTClaimsSet;

/**
 * Produces the {@code id_token} string the token endpoint hands out instead of the correctly signed one.
 *
 * <p>Used with {@link TestProvider#forgeIdToken(IdTokenForger)} to check that a relying party applies every
 * rule of OpenID Connect Core 1.0 §3.1.3.7 (ID Token Validation). The forger receives the claims the provider
 * would have issued, so most forgeries are "the right token with one thing wrong", for example:
 *
 * <pre>{@code
 * provider.forgeIdToken((claims, p) -> p.sign(new JWTClaimsSet.Builder(claims).issuer("https://evil").build()));
 * }</pre>
 *
 * <p>The returned string is sent verbatim; it need not be a JWT at all.
 */
@FunctionalInterface
public interface IdTokenForger {
    /**
     * @param defaultClaims the claims of the token the provider would have issued for this code
     * @param provider the provider, for {@link TestProvider#sign} and its keys
     * @return the value of {@code id_token} in the token response
     * @throws Exception anything; the token endpoint then answers 500
     */
    String forge(JWTClaimsSet defaultClaims, TestProvider provider) throws Exception;
}
