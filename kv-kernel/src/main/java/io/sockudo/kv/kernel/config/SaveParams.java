package io.sockudo.kv.kernel.config;

import java.util.ArrayList;
import java.util.List;

/** The {@code save} option: pairs of {@code <seconds> <changes>}, validated as Redis does. */
final class SaveParams {
    static final String INVALID = "Invalid save parameters";

    private SaveParams() {
    }

    /** The parameters of a value; {@code ""} is the empty list. Call after {@link #validate}. */
    static List<String> split(String v) {
        List<String> out = new ArrayList<>();
        if (v.isEmpty()) {
            return out;
        }
        for (String p : v.split(" ", -1)) {
            out.add(Long.toString(Long.parseLong(p)));
        }
        return out;
    }

    /**
     * Null when valid. Like Redis's CONFIG SET, the value is split on single spaces (so extra
     * spaces make empty, invalid parameters); seconds must be at least 1, changes at least 0.
     */
    static String validate(String v) {
        if (v.isEmpty()) {
            return null;
        }
        String[] params = v.split(" ", -1);
        if (params.length % 2 != 0) {
            return INVALID;
        }
        for (int i = 0; i < params.length; i++) {
            long n;
            try {
                n = Long.parseLong(params[i]);
            } catch (NumberFormatException e) {
                return INVALID;
            }
            if (n < (i % 2 == 0 ? 1 : 0)) {
                return INVALID;
            }
        }
        return null;
    }
}
