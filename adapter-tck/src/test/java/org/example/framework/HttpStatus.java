package org.example.framework;

/** Like Spring's or Micronaut's {@code HttpStatus}: statuses an adapter could choose by name. */
public enum HttpStatus {
    OK(200), FORBIDDEN(403);

    public final int code;

    HttpStatus(int code) {
        this.code = code;
    }
}
