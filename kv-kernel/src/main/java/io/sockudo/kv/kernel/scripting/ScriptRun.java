package io.sockudo.kv.kernel.scripting;

import io.sockudo.kv.kernel.client.Client;
import org.luaj.vm2.LuaError;

/**
 * One execution of a script or function: who called it, what it may do, what it has done
 * (written? killed?) and since when it runs. Written by the thread running the script; the kill
 * and time-out flags are read and set by other threads (SCRIPT KILL, the BUSY checks).
 */
final class ScriptRun {
    /** Whether the run is an EVAL script or a function (decides SCRIPT KILL vs FUNCTION KILL). */
    enum Kind { EVAL, FUNCTION }

    static final String KILLED = "ERR Script killed by user with SCRIPT KILL...";

    final Kind kind;
    /** What "script: %s" names in errors: the SHA of an EVAL script or the function's name. */
    final String name;
    final Client caller;
    /** EVAL_RO/FCALL_RO or the no-writes flag: write commands are refused. */
    final boolean readOnly;
    /** The script was declared with a shebang / is a function (not EVAL's compatibility mode). */
    final boolean declared;
    final long startNanos = System.nanoTime();
    final long thresholdNanos;
    /**
     * Used memory was past the limit when the script started (Redis's pre_command_oom_state) and
     * the script is not {@code allow-oom}: its denyoom commands fail with OOM.
     */
    boolean denyOom;
    /** The command that started the run (FUNCTION STATS), or null. */
    final byte[][] argv;
    /** FUNCTION LOAD running a library's code: past the threshold it is stopped, not reported busy. */
    boolean loading;
    /** RESP version of the replies redis.call converts (redis.setresp). */
    int resp = 2;
    /** The script has run a write command (SCRIPT KILL then answers UNKILLABLE). */
    volatile boolean written;
    private volatile boolean killed;
    private volatile boolean timedOut;

    ScriptRun(Kind kind, String name, Client caller, boolean readOnly, boolean declared, long thresholdMillis,
              byte[][] argv) {
        this.argv = argv;
        this.kind = kind;
        this.name = name;
        this.caller = caller;
        this.readOnly = readOnly;
        this.declared = declared;
        this.thresholdNanos = thresholdMillis * 1_000_000L;
    }

    void kill() {
        killed = true;
    }

    boolean killed() {
        return killed;
    }

    /** True once the run has passed busy-reply-threshold: other clients get BUSY. */
    boolean timedOut() {
        if (!timedOut && System.nanoTime() - startNanos >= thresholdNanos) {
            timedOut = true;
        }
        return timedOut;
    }

    /** Called by the instruction hook: stops a killed script, notes the time-out. */
    void checkInterrupt() {
        if (killed) {
            throw killedError();
        }
        if (timedOut() && loading) {
            throw new LuaError(LuaErrors.errorTable("ERR FUNCTION LOAD timeout"));
        }
    }

    static LuaError killedError() {
        return new LuaError(LuaErrors.errorTable(KILLED));
    }
}
