package io.sockudo.kv.search.exec;

import io.sockudo.kv.search.util.ArgCursor;
import io.sockudo.kv.spi.KvException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parsing shared by FT.SEARCH, FT.AGGREGATE, FT.EXPLAIN, FT.PROFILE and FT.SPELLCHECK. */
final class RequestArgs {
    static final int MAX_DIALECT = 4;

    private RequestArgs() {
    }

    /** {@code PARAMS nargs name value ...} (the cursor is after PARAMS). */
    static Map<String, byte[]> params(ArgCursor ac, Map<String, byte[]> existing) {
        List<byte[]> args = varArgs(ac, "PARAMS");
        if (existing != null) {
            throw new KvException("Multiple PARAMS are not allowed. Parameters can be defined only once");
        }
        if (args.isEmpty() || args.size() % 2 != 0) {
            throw new KvException("Parameters must be specified in PARAM VALUE pairs");
        }
        Map<String, byte[]> out = new HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            String name = ArgCursor.str(args.get(i));
            if (out.containsKey(name)) {
                throw new KvException("Duplicate parameter `" + name + "`");
            }
            out.put(name, args.get(i + 1));
        }
        return out;
    }

    /** {@code <count> arg...}: RediSearch's AC_GetVarArgs with its errors under {@code what}. */
    static List<byte[]> varArgs(ArgCursor ac, String what) {
        if (ac.atEnd()) {
            throw new KvException(ArgCursor.badArgs(what, ArgCursor.NOARG));
        }
        String c = ac.next();
        long n;
        try {
            n = Long.parseLong(c);
        } catch (NumberFormatException e) {
            throw new KvException(ArgCursor.badArgs(what, ArgCursor.PARSE));
        }
        if (n < 0) {
            throw new KvException(ArgCursor.badArgs(what, ArgCursor.PARSE));
        }
        if (n > ac.remaining()) {
            throw new KvException(ArgCursor.badArgs(what, ArgCursor.NOARG));
        }
        List<byte[]> out = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
            out.add(ac.nextBytes());
        }
        return out;
    }

    static List<String> varStrings(ArgCursor ac, String what) {
        List<String> out = new ArrayList<>();
        for (byte[] b : varArgs(ac, what)) {
            out.add(ArgCursor.str(b));
        }
        return out;
    }

    static int dialect(ArgCursor ac) {
        if (ac.atEnd()) {
            throw new KvException("Need an argument for DIALECT");
        }
        String s = ac.next();
        long d;
        try {
            d = Long.parseLong(s);
        } catch (NumberFormatException e) {
            d = -1;
        }
        if (d < 1 || d > MAX_DIALECT) {
            throw new KvException("DIALECT requires a non negative integer >=1 and <= " + MAX_DIALECT);
        }
        return (int) d;
    }

    static long timeout(ArgCursor ac) {
        if (ac.atEnd()) {
            throw new KvException("Need argument for TIMEOUT");
        }
        try {
            long t = Long.parseLong(ac.next());
            if (t < 0) {
                throw new NumberFormatException();
            }
            return t;
        } catch (NumberFormatException e) {
            throw new KvException("TIMEOUT requires a non negative integer");
        }
    }

    /** {@code LIMIT offset num}: {offset, num}. */
    static long[] limit(ArgCursor ac, long max, boolean search) {
        if (ac.remaining() < 2) {
            throw new KvException("LIMIT requires two arguments");
        }
        long off;
        long num;
        try {
            off = Long.parseLong(ac.next());
            num = Long.parseLong(ac.next());
            if (off < 0 || num < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new KvException("LIMIT needs two numeric arguments");
        }
        if (num > max && num != 0) {
            throw new KvException("LIMIT exceeds maximum of " + max);
        }
        if (search && off > max) {
            throw new KvException("OFFSET exceeds maximum of " + max);
        }
        return new long[] {off, num};
    }

    static String unknown(ArgCursor ac, int base) {
        return "Unknown argument `" + ac.peek() + "` at position " + (ac.position() - base) + " for <main>";
    }
}
