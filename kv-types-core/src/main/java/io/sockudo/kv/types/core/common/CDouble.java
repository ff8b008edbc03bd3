package io.sockudo.kv.types.core.common;

/**
 * C's {@code strtod} as Redis uses it where a whole string must be a number but is otherwise read
 * leniently (SORT's scores): leading white space is skipped, decimal and hexadecimal forms,
 * {@code inf}/{@code infinity} and {@code nan} are read, the number ends at the end of the string
 * or at a NUL byte, and an out-of-range result (overflow, underflow to zero or to a subnormal)
 * counts as an error, as glibc's {@code ERANGE} does. An empty string reads as 0 (strtod converts
 * nothing and stops at the terminating NUL).
 */
public final class CDouble {
    private CDouble() {
    }

    /** The value, or NaN when the string is not such a number (Redis treats a NaN result as an error too). */
    public static double parseOrNaN(byte[] b, int off, int len) {
        int limit = off;
        while (limit < off + len && b[limit] != 0) {
            limit++; // C stops at the terminating NUL
        }
        if (limit == off) {
            return 0; // strtod("") converts nothing and leaves the end pointer on the NUL
        }
        Strtod p = new Strtod();
        p.parse(b, off, limit);
        if (p.end != limit || p.range) {
            return Double.NaN;
        }
        return p.value; // NaN for "nan", which the caller rejects
    }
}
