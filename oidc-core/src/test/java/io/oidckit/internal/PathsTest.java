package io.oidckit.internal;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Rules match the normalised path, so the shortcut for paths already in normal form must never change an answer. */
@DisplayName("Path normalisation")
class PathsTest {
    @Test
    @DisplayName("the shortcut for plain paths gives what decoding and rebuilding gives, for 200,000 hostile spellings")
    void shortcutIsExact() {
        char[] alphabet = {'a', 'b', '/', '/', '.', '.', '%', '2', 'F', 'f', '5', 'C', ';', '\\', '+', '~'};
        SplittableRandom random = new SplittableRandom(20261202);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder(random.nextBoolean() ? "/" : "");
            int n = random.nextInt(12);
            for (int j = 0; j < n; j++) b.append(alphabet[random.nextInt(alphabet.length)]);
            String raw = b.toString();
            if (raw.isEmpty()) continue;
            assertEquals(Paths.rebuild(raw), Paths.normalise(raw), raw);
        }
    }

    @Test
    @DisplayName("plain paths come back as they are, and spellings of /admin all become /admin")
    void examples() {
        assertEquals("/profile", Paths.normalise("/profile"));
        assertEquals("/admin/", Paths.normalise("/admin/"));
        for (String spelling : new String[] {"/./admin", "//admin", "/admin;x", "/%61dmin", "/x/../admin", "\\admin"}) {
            assertEquals("/admin", Paths.normalise(spelling), spelling);
        }
    }
}
