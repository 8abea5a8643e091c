package org.example.framework;

/**
 * An {@code SC_} status that is not a compile-time constant. The servlet API's {@code SC_} fields are, so javac
 * copies their value into the caller and no bytecode analysis can see them used; this one stays a field access.
 */
public final class Codes {
    public static int SC_TEAPOT = 418;

    private Codes() {
    }
}
