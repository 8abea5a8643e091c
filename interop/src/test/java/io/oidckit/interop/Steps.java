package io.oidckit.interop;

import java.util.function.Supplier;

/**
 * Runs the steps of one flow and, when one fails, says which example, which user and which step, followed by
 * the evidence (the app's and Keycloak's log tails), so a red CI run can be read without re-running it.
 */
final class Steps {
    @FunctionalInterface
    interface Body<T> {
        T run() throws Exception;
    }

    @FunctionalInterface
    interface VoidBody {
        void run() throws Exception;
    }

    private final String example;
    private final String user;
    private final Supplier<String> evidence;
    private final java.util.function.Consumer<String> onFailure;

    Steps(String example, String user, Supplier<String> evidence, java.util.function.Consumer<String> onFailure) {
        this.example = example;
        this.user = user;
        this.evidence = evidence;
        this.onFailure = onFailure;
    }

    <T> T step(String name, Body<T> body) {
        try {
            return body.run();
        } catch (Throwable t) {
            if (t instanceof InterruptedException) Thread.currentThread().interrupt();
            if (t instanceof VirtualMachineError vme) throw vme;
            String headline = "[" + example + "] " + user + ", step '" + name + "' failed: " + t.getMessage();
            try {
                onFailure.accept(name);
            } catch (RuntimeException e) {
                headline += " (and saving the failure evidence failed: " + e + ")";
            }
            String more;
            try {
                more = evidence.get();
            } catch (RuntimeException e) {
                more = "(no evidence: " + e + ")";
            }
            throw new AssertionError(headline + System.lineSeparator() + more, t);
        }
    }

    void run(String name, VoidBody body) {
        step(name, () -> {
            body.run();
            return null;
        });
    }

    static void check(boolean condition, String message) {
        if (!condition) throw new AssertionError(message);
    }
}
