package io.oidckit.internal.flows;

import io.oidckit.ErrorCode;
import io.oidckit.OidcException;
import io.oidckit.internal.Async;
import io.oidckit.web.Outcome;
import io.oidckit.web.Pages;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How every flow answers: the fixed page for a status, the JSON errors, and the one mapping from a failure to a
 * page (docs/contract.md, "Error answers"): an {@link OidcException} carries its status; anything else is a bug of
 * ours, logged with its stack trace, and still only a 502 page for the browser.
 */
final class Answers {
    private static final System.Logger LOG = System.getLogger("io.oidckit");
    static final String JSON_401 = "{\"error\":\"unauthorized\"}";
    static final String JSON_403 = "{\"error\":\"forbidden\"}";

    private final String basePath;

    Answers(String basePath) {
        this.basePath = basePath;
    }

    Outcome page(int status) {
        return Pages.error(status, basePath);
    }

    static CompletionStage<Outcome> done(Outcome o) {
        return CompletableFuture.completedFuture(o);
    }

    CompletionStage<Outcome> rejected(ErrorCode code, String why) {
        return done(failure(new OidcException(code, why)));
    }

    Outcome failure(Throwable thrown) {
        Throwable t = Async.unwrap(thrown);
        if (t instanceof OidcException e && e.status() > 0) {
            LOG.log(e.status() >= 500 ? System.Logger.Level.WARNING : System.Logger.Level.INFO, e.getMessage());
            return page(e.status());
        }
        // A bug of ours must still not become a 500 with a stack trace in the browser; the log has it.
        LOG.log(System.Logger.Level.ERROR, "OIDC303 unexpected failure while talking to the provider", t);
        return page(502);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
