package io.oidckit.interop;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough HTML reading to submit Keycloak's forms the way a browser would: the form's action and its hidden
 * inputs. Keycloak's templates are stable, well-formed HTML; a full parser would be a dependency for nothing.
 */
final class HtmlForms {
    record Form(URI action, Map<String, String> hiddenFields) {
    }

    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTR = Pattern.compile("([a-zA-Z_:-]+)\\s*=\\s*(\"([^\"]*)\"|'([^']*)')");

    private HtmlForms() {
    }

    /** The first form whose opening tag has {@code id="formId"}, or whose action contains {@code actionPart}. */
    static Optional<Form> find(String html, URI page, String formId, String actionPart) {
        Matcher m = FORM.matcher(html);
        while (m.find()) {
            Map<String, String> attrs = attributes(m.group(1));
            String action = attrs.getOrDefault("action", "");
            boolean byId = formId != null && formId.equals(attrs.get("id"));
            boolean byAction = actionPart != null && action.contains(actionPart);
            if (byId || byAction) {
                Map<String, String> hidden = new LinkedHashMap<>();
                Matcher in = INPUT.matcher(m.group(2));
                while (in.find()) {
                    Map<String, String> a = attributes(in.group(1));
                    if ("hidden".equalsIgnoreCase(a.get("type")) && a.containsKey("name")) {
                        hidden.put(a.get("name"), a.getOrDefault("value", ""));
                    }
                }
                return Optional.of(new Form(page.resolve(action), hidden));
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> attributes(String tagBody) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher a = ATTR.matcher(tagBody);
        while (a.find()) {
            String v = a.group(3) != null ? a.group(3) : a.group(4);
            out.put(a.group(1).toLowerCase(java.util.Locale.ROOT), unescape(v));
        }
        return out;
    }

    /** Attribute values carry entities ({@code &amp;} between query parameters); a browser decodes them. */
    static String unescape(String s) {
        Matcher m = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);").matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r = switch (e) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> new String(Character.toChars(e.startsWith("#x")
                        ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1))));
            };
            m.appendReplacement(out, Matcher.quoteReplacement(r));
        }
        m.appendTail(out);
        return out.toString();
    }
}
