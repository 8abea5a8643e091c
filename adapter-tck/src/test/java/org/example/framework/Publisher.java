package org.example.framework;

/** Like Reactor's {@code Mono}: {@link #blockFirst} waits for the first item. */
public interface Publisher<T> {
    T blockFirst();
}
