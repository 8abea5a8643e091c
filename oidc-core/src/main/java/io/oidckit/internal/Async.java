package io.oidckit.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/** The few things every asynchronous step of the core needs. */
public final class Async {
    private Async() {
    }

    /** The failure itself, out of the wrappers {@code CompletableFuture} puts around it. */
    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** {@code work}'s result as a stage; a thrown exception becomes the stage's failure. */
    public static <T> CompletionStage<T> supply(Supplier<T> work) {
        try {
            return CompletableFuture.completedFuture(work.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
