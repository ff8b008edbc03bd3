package io.sockudo.kv.kernel.config;

/**
 * The {@code notify-keyspace-events} flag string: validation and the canonical form Redis prints
 * ({@code KEA} reads back as {@code AKE}; {@code A} stands for {@code g$lshzxetd}).
 */
final class KeyspaceEvents {
    static final String INVALID = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
    /** The classes 'A' covers, in print order. */
    private static final String ALL = "g$lshzxetd";

    private KeyspaceEvents() {
    }

    static String validate(String v) {
        for (int i = 0; i < v.length(); i++) {
            if ("Ag$lshzxeKEtmdn".indexOf(v.charAt(i)) < 0) {
                return INVALID;
            }
        }
        return null;
    }

    static String normalize(String v) {
        boolean all = v.indexOf('A') >= 0;
        if (!all) {
            all = true;
            for (int i = 0; i < ALL.length(); i++) {
                all &= v.indexOf(ALL.charAt(i)) >= 0;
            }
        }
        StringBuilder sb = new StringBuilder();
        if (all) {
            sb.append('A');
        } else {
            // Redis prints 'n' (new key) only when not everything else is on.
            for (char c : (ALL + "n").toCharArray()) {
                if (v.indexOf(c) >= 0) {
                    sb.append(c);
                }
            }
        }
        for (char c : "KEm".toCharArray()) {
            if (v.indexOf(c) >= 0) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
