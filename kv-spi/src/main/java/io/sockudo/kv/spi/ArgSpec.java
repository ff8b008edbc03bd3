package io.sockudo.kv.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One argument of a command as {@code COMMAND DOCS} reports it (Redis 7 argument specs): a name,
 * a type, and optionally a token, flags and nested arguments (for {@code oneof} and
 * {@code block}). Instances are immutable; the {@code optional()}-style methods return copies.
 *
 * <pre>{@code
 * ArgSpec.oneOf("condition", ArgSpec.pureToken("nx", "NX"), ArgSpec.pureToken("xx", "XX"))
 *        .since("2.6.12").optional()
 * }</pre>
 *
 * @param keySpecIndex for a {@link Type#KEY} argument the index of its key spec, otherwise -1
 * @param token the literal keyword that precedes the argument ({@code EX}), or null
 * @param summary a short description, or null
 * @param since the version that added the argument, or null
 * @param deprecatedSince the version that deprecated it, or null
 * @param flags {@code optional}, {@code multiple}, {@code multiple_token}, in that order
 * @param arguments the nested arguments of a {@code oneof} or {@code block}, otherwise empty
 */
public record ArgSpec(String name, Type type, int keySpecIndex, String token, String summary, String since,
                      String deprecatedSince, List<String> flags, List<ArgSpec> arguments) {

    /** Argument types, printed as Redis prints them ({@code pure-token}, {@code unix-time}...). */
    public enum Type {
        STRING, INTEGER, DOUBLE, KEY, PATTERN, UNIX_TIME, PURE_TOKEN, ONEOF, BLOCK;

        public String redisName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static final List<String> FLAG_ORDER = List.of("optional", "multiple", "multiple_token");

    public ArgSpec {
        flags = List.copyOf(flags);
        arguments = List.copyOf(arguments);
    }

    private static ArgSpec of(String name, Type type) {
        return new ArgSpec(name, type, -1, null, null, null, null, List.of(), List.of());
    }

    /** A key argument; {@code keySpecIndex} points into the command's key specs. */
    public static ArgSpec key(String name, int keySpecIndex) {
        return new ArgSpec(name, Type.KEY, keySpecIndex, null, null, null, null, List.of(), List.of());
    }

    public static ArgSpec string(String name) {
        return of(name, Type.STRING);
    }

    public static ArgSpec integer(String name) {
        return of(name, Type.INTEGER);
    }

    public static ArgSpec doubleArg(String name) {
        return of(name, Type.DOUBLE);
    }

    public static ArgSpec pattern(String name) {
        return of(name, Type.PATTERN);
    }

    public static ArgSpec unixTime(String name) {
        return of(name, Type.UNIX_TIME);
    }

    /** A bare keyword such as {@code NX}. */
    public static ArgSpec pureToken(String name, String token) {
        return of(name, Type.PURE_TOKEN).token(token);
    }

    /** Exactly one of the nested arguments. */
    public static ArgSpec oneOf(String name, ArgSpec... args) {
        return new ArgSpec(name, Type.ONEOF, -1, null, null, null, null, List.of(), List.of(args));
    }

    /** The nested arguments in sequence. */
    public static ArgSpec block(String name, ArgSpec... args) {
        return new ArgSpec(name, Type.BLOCK, -1, null, null, null, null, List.of(), List.of(args));
    }

    /** A copy with the given token. */
    public ArgSpec token(String t) {
        return new ArgSpec(name, type, keySpecIndex, t, summary, since, deprecatedSince, flags, arguments);
    }

    /** A copy with the given summary. */
    public ArgSpec summary(String s) {
        return new ArgSpec(name, type, keySpecIndex, token, s, since, deprecatedSince, flags, arguments);
    }

    /** A copy with the given "since" version. */
    public ArgSpec since(String s) {
        return new ArgSpec(name, type, keySpecIndex, token, summary, s, deprecatedSince, flags, arguments);
    }

    /** A copy with the given "deprecated since" version. */
    public ArgSpec deprecatedSince(String s) {
        return new ArgSpec(name, type, keySpecIndex, token, summary, since, s, flags, arguments);
    }

    /** A copy flagged {@code optional}. */
    public ArgSpec optional() {
        return withFlag("optional");
    }

    /** A copy flagged {@code multiple}. */
    public ArgSpec multiple() {
        return withFlag("multiple");
    }

    /** A copy flagged {@code multiple_token} (the token repeats before each value). */
    public ArgSpec multipleToken() {
        return withFlag("multiple_token");
    }

    private ArgSpec withFlag(String flag) {
        if (flags.contains(flag)) {
            return this;
        }
        List<String> f = new ArrayList<>(flags.size() + 1);
        // Keep Redis's print order whatever order the flags were added in.
        for (String known : FLAG_ORDER) {
            if (known.equals(flag) || flags.contains(known)) {
                f.add(known);
            }
        }
        return new ArgSpec(name, type, keySpecIndex, token, summary, since, deprecatedSince, f, arguments);
    }
}
