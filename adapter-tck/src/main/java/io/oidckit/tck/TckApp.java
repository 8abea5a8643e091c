package io.oidckit.tck;

/** A running minimal app built by the adapter under test; closing it stops the server. */
@FunctionalInterface
public interface TckApp extends AutoCloseable {
    @Override
    void close() throws Exception;
}
