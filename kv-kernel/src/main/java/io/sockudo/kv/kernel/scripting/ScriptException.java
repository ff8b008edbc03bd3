package io.sockudo.kv.kernel.scripting;

/** A script or library refused before it runs; the message is the whole error reply. */
public final class ScriptException extends RuntimeException {
    public ScriptException(String message) {
        super(message, null, false, false);
    }
}
