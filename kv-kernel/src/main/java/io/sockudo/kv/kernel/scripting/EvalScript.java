package io.sockudo.kv.kernel.scripting;

import org.luaj.vm2.LuaValue;

/**
 * A compiled EVAL script: its SHA-1 (lower-case hex bytes and text), its body, its shebang
 * flags and the compiled chunk, a function of the EVAL world's globals; {@code straightLine} when
 * it may run on the calling event loop (see {@link StraightLine}).
 */
record EvalScript(byte[] sha, String name, byte[] body, int flags, LuaValue function, boolean straightLine) {
}
