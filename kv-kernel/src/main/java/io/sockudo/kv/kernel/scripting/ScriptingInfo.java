package io.sockudo.kv.kernel.scripting;

/**
 * What INFO memory reports about scripting: the scripts cached by EVAL/SCRIPT LOAD, the functions
 * and libraries, and the bytes of their code. luaj keeps its state on the Java heap, with no Lua
 * allocator of its own to ask, so the Lua VM figures ({@code used_memory_vm_*}) are reported as 0.
 */
public final class ScriptingInfo {
    private final EvalScripts eval;
    private final Functions functions;

    public ScriptingInfo(EvalScripts eval, Functions functions) {
        this.eval = eval;
        this.functions = functions;
    }

    public int cachedScripts() {
        return eval.cachedScripts();
    }

    /** The bodies of the cached scripts (used_memory_scripts_eval). */
    public long evalBytes() {
        return eval.cachedBytes();
    }

    public int functions() {
        return functions.functionCount();
    }

    public int libraries() {
        return functions.libraryCount();
    }

    /** The code of the libraries (used_memory_functions). */
    public long functionBytes() {
        long n = 0;
        for (byte[] code : functions.libraryCodes()) {
            n += code.length;
        }
        return n;
    }
}
