package io.oidckit.spring;

import io.oidckit.settings.Naming;
import io.oidckit.settings.Setting;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * {@code META-INF/spring-configuration-metadata.json}, which gives IDEs completion and documentation of
 * {@code oidckit.*}, is the settings table written as Spring Boot's metadata: this test writes it from the table
 * and fails when the shipped file differs. {@code mvn -B -ntp verify -pl adapter-spring -am
 * -Dtest=SpringOidcMetadataTest -Doidckit.skipSecurityRun=true -Doidckit.writeMetadata=true} writes it anew.
 */
@DisplayName("Spring Boot configuration metadata")
class SpringOidcMetadataTest {
    static final Path FILE = Path.of("src", "main", "resources", "META-INF", "spring-configuration-metadata.json");

    @Test
    @DisplayName("is the settings table, every oidckit.* property with its type, default and description")
    void fromTheTable() throws Exception {
        String expected = metadata();
        if (Boolean.getBoolean("oidckit.writeMetadata")) Files.writeString(FILE, expected, StandardCharsets.UTF_8);
        assertEquals(expected, Files.readString(FILE, StandardCharsets.UTF_8),
                FILE + " differs from the settings table; run with -Doidckit.writeMetadata=true to write it anew");
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertNotNull(in, "the metadata is on the class path, so it ships in the jar");
            assertEquals(expected, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        try (InputStream in = getClass().getResourceAsStream(
                "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
            assertNotNull(in);
            assertEquals(SpringOidcAutoConfiguration.class.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
        }
    }

    static String metadata() {
        List<String> properties = new ArrayList<>();
        properties.add(object("    ", "name", q(SpringOidcSettings.PREFIX + "." + SpringOidcSettings.ENABLED),
                "type", q("java.lang.Boolean"),
                "description", q("Whether the Spring Boot auto-configuration sets oidckit up."),
                "defaultValue", "true"));
        List<String> hints = new ArrayList<>();
        for (Setting s : Setting.values()) {
            List<String> fields = new ArrayList<>(List.of("name", q(s.property()), "type", q(s.type().javaType()),
                    "description", q(s.doc(Naming.PROPERTY) + " Environment variable: " + s.envName() + ".")));
            if (s.defaultValue() != null) {
                fields.add("defaultValue");
                fields.add(defaultValue(s));
            }
            properties.add(object("    ", fields.toArray(String[]::new)));
            if (!s.choices().isEmpty()) {
                List<String> values = new ArrayList<>();
                for (String c : s.choices()) values.add(object("        ", "value", q(c)));
                hints.add(object("    ", "name", q(s.property()), "values", array("      ", values)));
            }
        }
        String groups = array("  ", List.of(object("    ", "name", q(SpringOidcSettings.PREFIX),
                "description", q("OpenID Connect sign-in: the settings of docs/configuration.md, each oidckit. and its "
                        + "key (OIDC_HTTP_TIMEOUT is oidckit.http-timeout)."))));
        return object("", "groups", groups, "properties", array("  ", properties), "hints", array("  ", hints)) + "\n";
    }

    private static String defaultValue(Setting s) {
        return switch (s.type()) {
            case FLAG, COUNT, BYTES -> s.defaultValue();
            case WORDS -> "[" + String.join(", ", List.of(s.defaultValue().split(" ")).stream().map(SpringOidcMetadataTest::q).toList()) + "]";
            default -> q(s.defaultValue());
        };
    }

    private static String object(String indent, String... pairs) {
        StringBuilder b = new StringBuilder("{\n");
        for (int i = 0; i < pairs.length; i += 2) {
            b.append(indent).append("  ").append(q(pairs[i])).append(": ").append(pairs[i + 1])
                    .append(i + 2 < pairs.length ? ",\n" : "\n");
        }
        return b.append(indent).append("}").toString();
    }

    private static String array(String indent, List<String> items) {
        if (items.isEmpty()) return "[]";
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < items.size(); i++) {
            b.append(indent).append("  ").append(items.get(i)).append(i + 1 < items.size() ? ",\n" : "\n");
        }
        return b.append(indent).append("]").toString();
    }

    private static String q(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
}
