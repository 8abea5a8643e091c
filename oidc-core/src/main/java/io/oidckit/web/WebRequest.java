package io.oidckit.web;

import java.util.Objects;
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
}
