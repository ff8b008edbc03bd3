package io.sockudo.kv.kernel.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A table scripts may read but not change once {@link #lock locked}: the library tables
 * ({@code string}, {@code redis}, {@code cjson}...) and the string metatable, as Redis 7.0 makes
 * them read-only. A write through the VM ({@code t.x = 1}) fails with the script's position;
 * one through {@code rawset} or {@code setmetatable} fails without it, as in Redis, where the
 * check sits in the C API.
 */
final class ReadOnlyTable extends LuaTable {
    static final String READONLY = "Attempt to modify a readonly table";

    private boolean locked;

    /** A locked copy of {@code source}'s entries. */
    static ReadOnlyTable copyOf(LuaTable source) {
        ReadOnlyTable t = new ReadOnlyTable();
        LuaValue k = LuaValue.NIL;
        while (true) {
            org.luaj.vm2.Varargs n = source.next(k);
            if ((k = n.arg1()).isnil()) {
                break;
            }
            t.rawset(k, n.arg(2));
        }
        LuaValue mt = source.getmetatable();
        if (mt != null) {
            t.setmetatable(mt);
        }
        t.locked = true;
        return t;
    }

    void lock() {
        locked = true;
    }

    static LuaError positioned() {
        return new LuaError(READONLY);
    }

    static LuaError unpositioned() {
        return new PlainError(READONLY);
    }

    @Override
    public void set(int key, LuaValue value) {
        if (locked) {
            throw positioned();
        }
        super.set(key, value);
    }

    @Override
    public void set(LuaValue key, LuaValue value) {
        if (locked) {
            throw positioned();
        }
        super.set(key, value);
    }

    @Override
    public void rawset(int key, LuaValue value) {
        if (locked) {
            throw unpositioned();
        }
        super.rawset(key, value);
    }

    @Override
    public void rawset(LuaValue key, LuaValue value) {
        if (locked) {
            throw unpositioned();
        }
        super.rawset(key, value);
    }

    @Override
    public LuaValue setmetatable(LuaValue metatable) {
        if (locked) {
            throw unpositioned();
        }
        return super.setmetatable(metatable);
    }
}
