package io.oidckit.web;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * The neutral view of an HTTP request that an adapter hands to the core. It is read-only and cheap: an adapter
 * wraps its framework's request object, it does not copy it.
 */
public interface WebRequest {

    /**
     * A request from its parts, for an adapter whose framework hands them over as they are: the method, the raw path
     * and query (never a framework's decoded or normalised path), and the framework's header lookup.
     */
    static WebRequest of(String method, String path, String rawQuery, UnaryOperator<String> headers) {
        Objects.requireNonNull(headers, "headers");
        record Parts(String method, String path, String rawQuery, UnaryOperator<String> headers) implements WebRequest {
            @Override
            public String header(String name) {
                return headers.apply(name);
            }
        }
        return new Parts(method, path, rawQuery, headers);
    }

    /**
     * {@link #of(String, String, String, UnaryOperator)} with the framework's way to read the body, for the one
     * route the core reads one from ({@code POST B auth/backchannel-logout}): see {@link #body(int)}.
     */
    static WebRequest of(String method, String path, String rawQuery, UnaryOperator<String> headers,
                         IntFunction<CompletionStage<byte[]>> body) {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        record Parts(String method, String path, String rawQuery, UnaryOperator<String> headers,
                     IntFunction<CompletionStage<byte[]>> reader) implements WebRequest {
            @Override
            public String header(String name) {
                return headers.apply(name);
            }

            @Override
            public CompletionStage<byte[]> body(int maxBytes) {
                return reader.apply(maxBytes);
            }
        }
        return new Parts(method, path, rawQuery, headers, body);
    }

    /**
     * Whether an {@code Authorization} header value carries a bearer token (RFC 6750 §2.1, the scheme in any case).
     * The core judges such a request by the token alone and never reads or writes its session, so an adapter whose
     * framework loads sessions eagerly may skip that for it when no session cookie came along.
     */
    static boolean bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    /**
     * A body reader's answer for a server that reads on the request's own thread (servlet containers, the JDK's
     * server): at most {@code maxBytes} of {@code in}, read now, or a failed stage when there are more or it fails.
     */
    static CompletionStage<byte[]> readAtMost(java.io.InputStream in, int maxBytes) {
        try {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            return bytes.length > maxBytes
                    ? CompletableFuture.failedFuture(new java.io.IOException("the body is over " + maxBytes + " bytes"))
                    : CompletableFuture.completedFuture(bytes);
        } catch (java.io.IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The HTTP method in upper case, for example {@code GET}. */
    String method();

    /** The raw (still percent-encoded) request path, from the server root, without the query. */
    String path();

    /**
     * The raw (still percent-encoded) query string without {@code ?}, or {@code null}. The core decodes it
     * itself, so every adapter counts repeated parameters and decodes {@code +} the same way.
     */
    String rawQuery();

    /** The first value of a request header, or {@code null}; names are case-insensitive. */
    String header(String name);

    /**
     * The request body, read only when the core asks (the back-channel logout route alone does): its bytes when
     * there are at most {@code maxBytes}, else a failed stage, as soon as more arrive (the rest is not read into
     * memory). Never blocks an event loop: a server that reads on its own request thread may complete it at once.
     * Without a reader ({@link #of(String, String, String, UnaryOperator)}) the stage fails, and the route answers 400.
     */
    default CompletionStage<byte[]> body(int maxBytes) {
        return CompletableFuture.failedFuture(new java.io.IOException("this adapter reads no request body"));
    }
}
