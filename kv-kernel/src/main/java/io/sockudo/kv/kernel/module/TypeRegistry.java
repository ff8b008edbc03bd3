package io.sockudo.kv.kernel.module;

import io.sockudo.kv.spi.ValueType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Every registered value type, with the module that owns it. */
public final class TypeRegistry {
    private final Map<ValueType, String> owners = new ConcurrentHashMap<>();

    public void add(ValueType type, String module) {
        owners.put(type, module);
    }

    public void removeModule(String module) {
        owners.values().removeIf(module::equals);
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
