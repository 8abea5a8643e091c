package io.oidckit;

import java.util.List;

/**
 * Start-up stops here: every configuration problem found, at once, one line each, each naming the setting and
 * what is expected, for example {@code OIDC101 OIDC_CLIENT_ID is required: the client id registered at the
 * provider (see docs/errors.md#oidc101)}.
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

    record Problem(ErrorCode code, String setting, String expected) {
        String line() {
            return setting + " " + expected + " (see " + code.docs() + ")";
        }
    }
}
