package io.oidckit;

/**
 * The one unchecked exception root of oidckit. Each instance carries an {@link ErrorCode}, and its message
 * starts with that code. Messages never contain secrets, tokens or provider-supplied free text; the adapters never
 * show them to the browser either (the browser sees one fixed page per status).
 */
public class OidcException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public OidcException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public OidcException(ErrorCode code, String message, Throwable cause) {
        super(code.code() + " " + message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** The HTTP status a request failing with this exception is answered with. */
    public int status() {
        return code.status();
    }
}
