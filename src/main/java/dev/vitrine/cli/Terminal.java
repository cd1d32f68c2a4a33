package dev.vitrine.cli;

/**
 * Text from a server or a file, made safe to print to a terminal: control characters (C0, DEL,
 * C1) and the bidirectional overrides that reorder what the user reads are shown as escapes, so a
 * task named {@code "\u001b]0;...\u0007"} cannot retitle the terminal, hide lines or fake output.
 * JSON output is not passed through here: Jackson already escapes controls in strings.
 */
final class Terminal {

    private Terminal() {
    }

    static String safe(String s) {
        if (s == null) return null;
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (unsafe(c)) {
                if (sb == null) sb = new StringBuilder(s.length() + 8).append(s, 0, i);
                switch (c) {
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> sb.append(c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
                }
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200e' || c == '\u200f' || c == '\u061c';
    }
}
