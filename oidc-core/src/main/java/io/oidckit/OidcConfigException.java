package io.oidckit;

import java.util.List;

/**
 * Start-up stops here: every configuration problem found, at once, one line each, each naming the setting and
 * what is expected, for example {@code OIDC101 OIDC_CLIENT_ID is required: the client id registered at the
 * provider (see docs/errors.md#oidc101)}. A setting is named the way it was written: {@code oidckit.http-timeout}
 * in a Spring property, {@code httpTimeout} in Vert.x JSON, {@code OIDC_HTTP_TIMEOUT} in the environment.
 */
public final class OidcConfigException extends OidcException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    OidcConfigException(List<Problem> problems) {
        super(problems.get(0).code(), problems.get(0).line() + (problems.size() > 1
                ? String.join("", problems.subList(1, problems.size()).stream()
                        .map(p -> System.lineSeparator() + p.code().code() + " " + p.line()).toList())
                : ""));
        this.problems = problems.stream().map(p -> p.code().code() + " " + p.line()).toList();
    }

    /** Each problem as one line that starts with its code. */
    public List<String> problems() {
        return problems;
    }

    /** One line: the setting, named as its user wrote it ({@code name}), and what is expected. */
    record Problem(ErrorCode code, io.oidckit.settings.Setting setting, String name, String expected) {
        String line() {
            return name + " " + expected + " (see " + code.docs() + ")";
        }
    }
}
