package io.sockudo.kv.kernel.scripting;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * luaj's only per-instruction hook is its debug library's {@code onInstruction}; installed as a
 * world's {@code debuglib} (without the {@code debug} table scripts could reach), this subclass
 * does none of the call-stack bookkeeping and only counts instructions: every
 * {@link #CHECK_EVERY} it asks the running script whether it must stop (SCRIPT KILL, FUNCTION
 * KILL, shutdown) and notes whether it has passed the busy threshold. A loop with no calls, such
 * as {@code while true do end}, is therefore interruptible, as Redis's count hook makes it.
 */
final class InterruptHook extends DebugLib {
    /** Instructions between two checks (a check reads the clock: tens of nanoseconds). */
    static final int CHECK_EVERY = 1024;

    private int countdown = CHECK_EVERY;
    private volatile ScriptRun run;
    /** The Lua functions running (innermost last) and their current instruction. */
    private LuaClosure[] frames = new LuaClosure[64];
    private int[] pcs = new int[64];
    private int depth;
    /** The function that returned last, and the instruction it returned from. */
    private LuaClosure returned;
    private int returnedPc;

    void attach(ScriptRun r) {
        this.run = r;
        this.countdown = CHECK_EVERY;
        this.depth = 0;
        this.returned = null;
    }

    void detach() {
        this.run = null;
    }

    @Override
    public void onCall(LuaFunction f) {
    }

    @Override
    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
        int d = ++depth;
        if (d >= frames.length) {
            frames = java.util.Arrays.copyOf(frames, d * 2);
            pcs = java.util.Arrays.copyOf(pcs, d * 2);
        }
        frames[d] = c;
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        pcs[depth] = pc;
        if (--countdown == 0) {
            countdown = CHECK_EVERY;
            ScriptRun r = run;
            if (r != null) {
                r.checkInterrupt();
            }
        }
    }

    @Override
    public void onReturn() {
        int d = depth;
        if (d > 0) {
            returned = frames[d];
            returnedPc = pcs[d];
            frames[d] = null;
            depth = d - 1;
        }
    }

    /**
     * "source:line" of the instruction that ran last: where an error raised outside every Lua
     * frame comes from. luaj runs a tail call ({@code return redis.call(...)}) after the calling
     * function has returned, while Lua 5.1 runs a C function's tail call inside its caller; so an
     * error without a position is placed at the instruction the last function returned from.
     */
    String lastPosition() {
        LuaClosure c = returned;
        int pc = returnedPc;
        if (depth > 0 || c == null) {
            return null;
        }
        org.luaj.vm2.Prototype p = c.p;
        String line = p.lineinfo != null && pc >= 0 && pc < p.lineinfo.length ? String.valueOf(p.lineinfo[pc]) : "?";
        return (p.source != null ? p.source.tojstring() : "?") + ":" + line;
    }

    @Override
    public String traceback(int level) {
        return "";
    }
}
