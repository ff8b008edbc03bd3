package io.sockudo.kv.kernel.persistence.rdb;

/**
 * Redis's 64-bit module type ids ({@code moduleTypeEncodeId}): the 9 characters of the type name,
 * 6 bits each from the set {@code A-Z a-z 0-9 - _}, followed by a 10-bit encoding version.
 */
public final class ModuleTypeIds {
    static final String CHARSET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private ModuleTypeIds() {
    }

    /** True when {@code name} is a valid module type name (9 characters of the set). */
    public static boolean validName(String name) {
        if (name == null || name.length() != 9) {
            return false;
        }
        for (int i = 0; i < 9; i++) {
            if (CHARSET.indexOf(name.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The id of {@code name} with encoding version {@code encver} (0..1023). */
    public static long encode(String name, int encver) {
        if (!validName(name) || encver < 0 || encver > 1023) {
            throw new IllegalArgumentException("invalid module type " + name + " / " + encver);
        }
        long id = 0;
        for (int i = 0; i < 9; i++) {
            id = (id << 6) | CHARSET.indexOf(name.charAt(i));
        }
        return (id << 10) | encver;
    }

    /** The name part of an id (what identifies the type whatever its encoding version). */
    public static long namePart(long id) {
        return id >>> 10;
    }

    /** The encoding version of an id. */
    public static int encodingVersion(long id) {
        return (int) (id & 1023);
    }

    /** The type name encoded in an id (Redis's moduleTypeNameByID). */
    public static String name(long id) {
        char[] c = new char[9];
        long n = id >>> 10;
        for (int i = 8; i >= 0; i--) {
            c[i] = CHARSET.charAt((int) (n & 63));
            n >>>= 6;
        }
        return new String(c);
    }
}
