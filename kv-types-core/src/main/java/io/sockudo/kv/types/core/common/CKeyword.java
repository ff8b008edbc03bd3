package io.sockudo.kv.types.core.common;

/**
 * Option keywords compared as Redis compares them with {@code strcasecmp} on C strings: ASCII
 * case-insensitive, and the argument ends at its first NUL byte, so {@code "EX\0junk"} is EX.
 * (Commands that compare the whole argument use {@link io.sockudo.kv.spi.Args#is} instead.)
 */
public final class CKeyword {
    private CKeyword() {
    }

    /** True if {@code arg} is {@code keyword}; {@code keyword} is upper-case letters only. */
    public static boolean is(byte[] arg, String keyword) {
        int n = keyword.length();
        if (arg.length < n || (arg.length > n && arg[n] != 0)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int c = arg[i];
            if (c != keyword.charAt(i) && (c ^ 0x20) != keyword.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
