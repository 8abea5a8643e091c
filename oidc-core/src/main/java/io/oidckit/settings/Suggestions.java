package io.oidckit.settings;

import java.util.Collection;

/**
 * The closest known name to a key nobody reads, for the OIDC104 warning: {@code oidckit.client-secert} is
 * {@code oidckit.client-secret} misspelt (edit distance, a swap of two letters counting as one edit), and
 * {@code oidckit.timeout} a part of {@code oidckit.http-timeout} (a known name that contains the key, or is
 * contained in it, is close too; the shortest such wins).
 */
final class Suggestions {
    /** Containment counts only for words at least this long: {@code http} is not a misspelt setting. */
    private static final int MIN_PART = 5;

    private Suggestions() {
    }

    /**
     * The candidate closest to {@code word}, compared loosely (case, {@code -} and {@code _} ignored), or
     * {@code null} when none is close: within two edits, or one containing the other. Both are the words that name
     * a setting ({@code client-secert}, {@code http-timeout}), without a prefix such as {@code oidckit.}.
     */
    static String closest(String word, Collection<String> candidates) {
        String w = Naming.loose(word);
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String c = Naming.loose(candidate);
            int distance = distance(w, c);
            boolean contained = Math.min(w.length(), c.length()) >= MIN_PART && (c.contains(w) || w.contains(c));
            int score = contained ? Math.min(distance, 2) : distance;
            if (score > 2) continue;
            if (score < bestScore || (score == bestScore && distance < bestDistance)) {
                best = candidate;
                bestScore = score;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
