package io.sockudo.kv.kernel.util;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * VarHandles of a class's own fields, for the lock-free counters and flags of the kernel: the
 * lookup, and the checked exception that cannot happen for a field the class itself declares,
 * in one place instead of a static block in every class.
 */
public final class VarHandles {
    private VarHandles() {
    }

    /** Instance field {@code name} of the class that made {@code lookup} (pass {@code MethodHandles.lookup()}). */
    public static VarHandle field(MethodHandles.Lookup lookup, String name, Class<?> type) {
        try {
            return lookup.findVarHandle(lookup.lookupClass(), name, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no field " + name + " in " + lookup.lookupClass().getName(), e);
        }
    }

    /** Static field {@code name} of the class that made {@code lookup}. */
    public static VarHandle staticField(MethodHandles.Lookup lookup, String name, Class<?> type) {
        try {
            return lookup.findStaticVarHandle(lookup.lookupClass(), name, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no field " + name + " in " + lookup.lookupClass().getName(), e);
        }
    }
}
