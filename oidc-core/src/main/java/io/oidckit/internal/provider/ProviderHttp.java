package io.oidckit.internal.provider;

import io.oidckit.ErrorCode;
import io.oidckit.OidcConfig;
import io.oidckit.OidcException;
import io.oidckit.internal.Async;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * Every call to the provider goes through here: asynchronous, with a connect timeout, a whole-answer timeout,
 * a size limit, and no redirect following (a redirect from a provider endpoint is an error, not an instruction).
 * Failures become {@link OidcException}s with the contract's one status rule: could not reach it in time, or it
 * says it is down itself (502, 503, 504) → 503; it answered, but wrongly → 502 (decided by the caller, who knows
 * what a right answer is).
 */
final class ProviderHttp {

    record Answer(int status, String contentType, String body, Map<String, java.util.List<String>> headers) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Any answer but a 2xx is a wrong one, with {@code code}; the down statuses never get here. */
        Answer requireOk(URI url, ErrorCode code) {
            if (!ok()) throw new OidcException(code, url + " answered HTTP " + status);
            return this;
        }
    }

    private final HttpClient client;
    private final Duration responseTimeout;
    private final long maxBytes;

    ProviderHttp(OidcConfig config) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                // HTTP/1.1: no h2c upgrade dance with providers behind simple proxies.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.responseTimeout = config.responseTimeout();
        this.maxBytes = config.maxResponseBytes();
    }

    CompletionStage<Answer> get(URI uri, String accept, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET().timeout(responseTimeout).header("Accept", accept);
        if (authorization != null) b.header("Authorization", authorization);
        return send(b.build(), uri);
    }

    CompletionStage<Answer> postForm(URI uri, Map<String, java.util.List<String>> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(responseTimeout)
                .header("Accept", "application/json");
        headers.forEach((name, values) -> {
            for (String v : values) b.header(name, v);
        });
        return send(b.build(), uri);
    }

    private CompletionStage<Answer> send(HttpRequest request, URI uri) {
        CompletableFuture<java.net.http.HttpResponse<String>> call =
                client.sendAsync(request, LimitedBody.handler(maxBytes));
        // The request timeout covers the wait for the headers; orTimeout also bounds a body that trickles in.
        return call.orTimeout(responseTimeout.toMillis() + 50, java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    if (failure != null) {
                        call.cancel(true);
                        throw map(Async.unwrap(failure), uri);
                    }
                    int status = response.statusCode();
                    if (status == 502 || status == 503 || status == 504) {
                        throw new OidcException(ErrorCode.PROVIDER_UNREACHABLE, uri + " answered " + status);
                    }
                    if (status >= 300 && status < 400) {
                        throw new OidcException(ErrorCode.RESPONSE_MALFORMED,
                                "the provider answered " + uri + " with a redirect (" + status + "), which is never followed");
                    }
                    String type = response.headers().firstValue("content-type").orElse("");
                    return new Answer(status, type, response.body(), response.headers().map());
                });
    }

    /** The JDK client reports an unknown host as a ConnectException caused by an UnresolvedAddressException. */
    private static boolean unresolved(Throwable t) {
        for (int i = 0; t != null && i < 10; i++, t = t.getCause()) {
            if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) return true;
        }
        return false;
    }

    OidcException map(Throwable t, URI uri) {
        if (t instanceof OidcException e) return e;
        if (t instanceof LimitedBody.TooLarge || t.getCause() instanceof LimitedBody.TooLarge) {
            return new OidcException(ErrorCode.RESPONSE_TOO_LARGE,
                    "the answer from " + uri + " is larger than " + maxBytes + " bytes (OIDC_HTTP_MAX_RESPONSE_BYTES)");
        }
        if (t instanceof HttpConnectTimeoutException) {
            return new OidcException(ErrorCode.PROVIDER_TIMEOUT, "connecting to " + uri + " timed out", null);
        }
        if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
            return new OidcException(ErrorCode.PROVIDER_TIMEOUT,
                    "no complete answer from " + uri + " within " + responseTimeout.toMillis() + " ms", null);
        }
        if (unresolved(t)) {
            return new OidcException(ErrorCode.PROVIDER_UNREACHABLE, "cannot resolve host " + uri.getHost()
                    + " (calling " + uri + "): check the URL and this machine's DNS", null);
        }
        if (t instanceof ConnectException || t instanceof IOException) {
            return new OidcException(ErrorCode.PROVIDER_UNREACHABLE,
                    "cannot reach " + uri + ": " + t.getClass().getSimpleName(), null);
        }
        return new OidcException(ErrorCode.PROVIDER_UNREACHABLE, "calling " + uri + " failed: " + t.getClass().getSimpleName(), null);
    }
}
