package io.sockudo.kv.kernel.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaErrorParts;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Renders luaj's errors as Lua 5.1 (the interpreter Redis embeds) writes them: the position as
 * {@code chunk:line: } (luaj writes {@code chunk:line }), chunk names as {@code luaO_chunkid}
 * shortens them, and the VM's messages in 5.1's words where luaj's differ.
 */
final class LuaErrors {
    private LuaErrors() {
    }

    /** The value a script sees for a caught error (pcall) or Redis reports: a table, or a string. */
    static LuaValue errorValue(LuaError e) {
        return errorValue(e, null);
    }

    /** {@link #errorValue}, placing an error raised outside every Lua frame at {@code fallback}. */
    static LuaValue errorValue(LuaError e, String fallback) {
        LuaValue obj = e.getMessageObject();
        if (obj != null && !obj.isstring()) {
            return obj;
        }
        return LuaValue.valueOf(message(e, fallback));
    }

    /** The error's message with its position, as Lua 5.1 prints it. */
    static String message(LuaError e) {
        return message(e, null);
    }

    static String message(LuaError e, String fallback) {
        String raw = LuaErrorParts.message(e);
        String text = translate(raw == null ? "nil" : raw);
        String fileline = LuaErrorParts.fileline(e);
        if (fileline == null) {
            fileline = fallback;
        }
        if (fileline == null || e instanceof PlainError) {
            return text;
        }
        int colon = fileline.lastIndexOf(':');
        String source = colon < 0 ? fileline : fileline.substring(0, colon);
        String line = colon < 0 ? "?" : fileline.substring(colon + 1);
        return chunkId(source) + ":" + line + ": " + text;
    }

    /** A syntax error's message (luaj's compiler already writes Lua 5.1's {@code chunk:line: msg}). */
    static String compileMessage(LuaError e) {
        String m = LuaErrorParts.message(e);
        if (m == null) {
            return "unknown error";
        }
        // luaj drops Lua's "near <token>" and prints some tokens by number; restore the common ones
        int u = m.indexOf("unexpected symbol ");
        if (u >= 0) {
            String rest = m.substring(u + "unexpected symbol ".length());
            int sp = rest.indexOf(' ');
            String code = sp < 0 ? rest : rest.substring(0, sp);
            try {
                int token = Integer.parseInt(code);
                String near = token == 286 ? "'<eof>'" : token < 257 ? "'" + (char) token + "'" : null;
                if (near != null) {
                    return m.substring(0, u) + "unexpected symbol near " + near;
                }
            } catch (NumberFormatException ignored) {
                // not a token number
            }
        }
        return m;
    }

    /** The source and line of the innermost Lua function the error passed, or null. */
    static String[] where(LuaError e, String fallback) {
        String fileline = LuaErrorParts.fileline(e);
        if (fileline == null) {
            fileline = fallback;
        }
        if (fileline == null) {
            return null;
        }
        int colon = fileline.lastIndexOf(':');
        return new String[] {fileline.substring(0, colon), fileline.substring(colon + 1)};
    }

    /** Lua 5.1's {@code luaO_chunkid} with LUA_IDSIZE 60. */
    static String chunkId(String source) {
        int bufflen = 60;
        if (source.startsWith("=")) {
            return source.length() - 1 > bufflen - 1 ? source.substring(1, bufflen) : source.substring(1);
        }
        if (source.startsWith("@")) {
            bufflen -= " '...' ".length() + 1;
            String s = source.substring(1);
            if (s.length() > bufflen) {
                return "..." + s.substring(s.length() - bufflen);
            }
            return s;
        }
        int len = 0;
        while (len < source.length() && source.charAt(len) != '\n' && source.charAt(len) != '\r') {
            len++;
        }
        bufflen -= " [string \"...\"]".length() + 1;
        if (len > bufflen) {
            len = bufflen;
        }
        if (len < source.length()) {
            return "[string \"" + source.substring(0, len) + "...\"]";
        }
        return "[string \"" + source + "\"]";
    }

    /** luaj's VM messages in Lua 5.1's words (without variable names, which luaj does not track). */
    static String translate(String m) {
        if (!m.startsWith("attempt to ")) {
            return m;
        }
        if (m.startsWith("attempt to index ? (a ")) {
            return "attempt to index a " + m.substring("attempt to index ? (a ".length(), m.length() - 1);
        }
        String[] two = {"attempt to perform arithmetic ", "attempt to concatenate "};
        if (m.startsWith("attempt to perform arithmetic on ")) {
            return "attempt to perform arithmetic on a " + m.substring("attempt to perform arithmetic on ".length())
                    + " value";
        }
        if (m.startsWith(two[0])) {
            // "attempt to perform arithmetic add on nil and number": 5.1 names the first operand that
            // is not a number.
            int on = m.indexOf(" on ");
            int and = m.indexOf(" and ", on);
            if (on > 0 && and > 0) {
                String a = m.substring(on + 4, and);
                String b = m.substring(and + 5);
                return "attempt to perform arithmetic on a " + (isNumeric(a) ? b : a) + " value";
            }
            return m;
        }
        if (m.startsWith(two[1])) {
            String rest = m.substring(two[1].length());
            int and = rest.indexOf(" and ");
            if (and > 0) {
                String a = rest.substring(0, and);
                String b = rest.substring(and + 5);
                return "attempt to concatenate a " + (isNumeric(a) || a.equals("string") ? b : a) + " value";
            }
            return m;
        }
        if (m.startsWith("attempt to call ") && !m.endsWith("value")) {
            return "attempt to call a " + m.substring("attempt to call ".length()) + " value";
        }
        if (m.startsWith("attempt to get length of ")) {
            return "attempt to get length of a " + m.substring("attempt to get length of ".length()) + " value";
        }
        if (m.startsWith("attempt to compare ")) {
            String rest = m.substring("attempt to compare ".length());
            if (rest.startsWith("__")) {
                // luaj: "attempt to compare __lt on table and table"
                int on = rest.indexOf(" on ");
                int and = rest.indexOf(" and ");
                if (on > 0 && and > on) {
                    String a = rest.substring(on + 4, and);
                    String b = rest.substring(and + 5);
                    return a.equals(b) ? "attempt to compare two " + a + " values"
                            : "attempt to compare " + a + " with " + b;
                }
            }
            int expected = rest.indexOf(" expected, got ");
            if (expected > 0) {
                // luaj: "attempt to compare string with number expected, got string" for 1 < 'x'
                String[] ab = rest.substring(0, expected).split(" with ");
                if (ab.length == 2) {
                    return "attempt to compare " + ab[1] + " with " + ab[0];
                }
            }
            int with = rest.indexOf(" with ");
            if (with > 0 && rest.substring(0, with).equals(rest.substring(with + 6))) {
                return "attempt to compare two " + rest.substring(0, with) + " values";
            }
        }
        return m;
    }

    private static boolean isNumeric(String type) {
        return type.equals("number");
    }

    /** A table error {@code {err=...}} as scripts see it. */
    static LuaTable errorTable(String message) {
        LuaTable t = new LuaTable();
        t.rawset("err", LuaValue.valueOf(message));
        return t;
    }
}
