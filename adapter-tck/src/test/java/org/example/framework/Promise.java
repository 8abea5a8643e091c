package org.example.framework;

import java.util.function.Function;

/** Like Vert.x's {@code Future}: {@link #map} goes on later, {@link #await} waits. */
public interface Promise<T> {
    <R> Promise<R> map(Function<T, R> next);

    T await();
}
