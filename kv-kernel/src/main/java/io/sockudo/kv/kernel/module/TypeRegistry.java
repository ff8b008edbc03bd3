package io.sockudo.kv.kernel.module;

import io.sockudo.kv.kernel.persistence.rdb.CodecRegistry;
import io.sockudo.kv.spi.ValueType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every registered value type, with the module that owns it, and the {@link CodecRegistry} over
 * them that RDB files and DUMP/RESTORE read and write through (rebuilt on every change).
 */
public final class TypeRegistry {
    private final Map<ValueType, String> owners = new ConcurrentHashMap<>();
    private final CodecRegistry codecs = new CodecRegistry();

    /**
     * Why {@code type} may not be registered now, or null: every type needs exactly one codec,
     * and its RDB type bytes or module type name must be free ({@link CodecRegistry#problem}).
     */
    public String problem(ValueType type, java.util.Collection<? extends ValueType> alsoStaged) {
        List<ValueType> existing = all();
        existing.addAll(alsoStaged);
        return CodecRegistry.problem(type, existing);
    }

    public synchronized void add(ValueType type, String module) {
        owners.put(type, module);
        codecs.refresh(owners.keySet());
    }

    public synchronized void removeModule(String module) {
        owners.values().removeIf(module::equals);
        codecs.refresh(owners.keySet());
    }

    /** The codecs of the registered types. */
    public CodecRegistry codecs() {
        return codecs;
    }

    /** The module owning a registered type that {@code TYPE} prints as {@code name}, or null. */
    public String ownerOfName(String name) {
        for (Map.Entry<ValueType, String> e : owners.entrySet()) {
            if (e.getKey().name().equals(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    public String owner(ValueType type) {
        return owners.get(type);
    }

    public List<ValueType> typesOf(String module) {
        List<ValueType> out = new ArrayList<>();
        owners.forEach((t, m) -> {
            if (m.equals(module)) {
                out.add(t);
            }
        });
        return out;
    }

    public List<ValueType> all() {
        return new ArrayList<>(owners.keySet());
    }
}
