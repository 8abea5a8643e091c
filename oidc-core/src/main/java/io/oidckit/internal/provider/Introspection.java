package io.oidckit.internal.provider;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import io.oidckit.ErrorCode;
import io.oidckit.OidcException;
import io.oidckit.internal.LogText;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Token introspection (RFC 7662): the token posted with the client authentication of the token endpoint, the answer
 * read with the SDK. Only its form is checked here ({@code active} a boolean); what it means (active, expiry,
 * audience, issuer) is the bearer check's to judge.
 */
final class Introspection {
    private final ProviderHttp http;
    private final TokenEndpoint tokens;

    Introspection(ProviderHttp http, TokenEndpoint tokens) {
        this.http = http;
        this.tokens = tokens;
    }

    /** The introspection answer's members, {@code active} included, as the provider sent them. */
    CompletionStage<Map<String, Object>> introspect(ProviderInfo info, String token) {
        if (info.introspectionEndpoint() == null) {
            throw new OidcException(ErrorCode.INTROSPECTION_ERROR, "the provider has no introspection_endpoint; set "
                    + "OIDC_INTROSPECTION_ENDPOINT, or send JWT access tokens");
        }
        HTTPRequest request = new TokenIntrospectionRequest(info.introspectionEndpoint(), tokens.clientAuthentication(info),
                new BearerAccessToken(token)).toHTTPRequest();
        return http.postForm(request.getURI(), request.getHeaderMap(), request.getBody()).thenApply(answer -> {
            TokenIntrospectionResponse response;
            try {
                HTTPResponse r = new HTTPResponse(answer.status());
                if (!answer.contentType().isEmpty()) r.setHeader("Content-Type", answer.contentType());
                r.setBody(answer.body());
                response = TokenIntrospectionResponse.parse(r);
            } catch (com.nimbusds.oauth2.sdk.ParseException | RuntimeException e) {
                throw new OidcException(ErrorCode.INTROSPECTION_ERROR, "the introspection answer (HTTP " + answer.status()
                        + ") from " + info.introspectionEndpoint() + " is not an introspection response");
            }
            if (!response.indicatesSuccess()) {
                ErrorObject e = response.toErrorResponse().getErrorObject();
                throw new OidcException(ErrorCode.INTROSPECTION_ERROR, "the introspection endpoint answered error="
                        + LogText.clean(e.getCode()) + " error_description=" + LogText.clean(e.getDescription()));
            }
            return response.toSuccessResponse().toJSONObject();
        });
    }
}
