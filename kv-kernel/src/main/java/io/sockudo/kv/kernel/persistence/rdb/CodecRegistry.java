package io.sockudo.kv.kernel.persistence.rdb;

import io.sockudo.kv.spi.ModuleTypeCodec;
import io.sockudo.kv.spi.ValueCodec;
import io.sockudo.kv.spi.ValueType;

import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Maps what an RDB file names to the codecs of the registered value types: RDB type bytes to the
 * core types' {@link ValueCodec}s, module type names (the name part of a 64-bit module type id) to
 * {@link ModuleTypeCodec}s. The composition root {@link #refresh refreshes} it from the kernel's
 * type registry whenever a module registers or unregisters types; readers and writers see an
 * immutable snapshot.
 */
public final class CodecRegistry {
    private volatile Snapshot snapshot = new Snapshot(new ValueCodec[256], Map.of(), new IdentityHashMap<>());

    private record Snapshot(ValueCodec[] byRdbType, Map<Long, ModuleTypeCodec> byModuleName,
                            IdentityHashMap<ModuleTypeCodec, Long> ids) {
    }

    /** A registry over {@code types} (tests, tools). */
    public static CodecRegistry of(Collection<? extends ValueType> types) {
        CodecRegistry r = new CodecRegistry();
        r.refresh(types);
        return r;
    }

    /** Rebuilds the mappings from the registered types. */
    public void refresh(Collection<? extends ValueType> types) {
        ValueCodec[] byType = new ValueCodec[256];
        Map<Long, ModuleTypeCodec> byName = new HashMap<>();
        IdentityHashMap<ModuleTypeCodec, Long> ids = new IdentityHashMap<>();
        for (ValueType t : types) {
            ValueCodec c = t.codec();
            if (c != null) {
                for (int rdbType : c.rdbTypes()) {
                    byType[rdbType & 0xff] = c;
                }
            }
            ModuleTypeCodec m = t.moduleCodec();
            if (m != null && ModuleTypeIds.validName(m.typeName())) {
                long id = ModuleTypeIds.encode(m.typeName(), m.encodingVersion());
                byName.put(ModuleTypeIds.namePart(id), m);
                ids.put(m, id);
            }
        }
        snapshot = new Snapshot(byType, Map.copyOf(byName), ids);
    }

    /** The codec reading RDB type {@code rdbType}, or null. */
    public ValueCodec valueCodec(int rdbType) {
        return rdbType < 0 || rdbType > 255 ? null : snapshot.byRdbType[rdbType];
    }

    /** The codec of the module type named in {@code moduleId}, or null when none is registered. */
    public ModuleTypeCodec moduleCodec(long moduleId) {
        return snapshot.byModuleName.get(ModuleTypeIds.namePart(moduleId));
    }

    /** The module type id a codec writes (name and encoding version). */
    public long moduleId(ModuleTypeCodec codec) {
        Long id = snapshot.ids.get(codec);
        return id != null ? id : ModuleTypeIds.encode(codec.typeName(), codec.encodingVersion());
    }

    /**
     * Why a value type may not be registered beside {@code existing}, or null when it may: it needs
     * exactly one codec, a module codec needs a valid 9-character name and an encoding version
     * 0..1023, and neither its RDB type bytes nor its module type name may be taken already.
     */
    public static String problem(ValueType type, Collection<? extends ValueType> existing) {
        ValueCodec c = type.codec();
        ModuleTypeCodec m = type.moduleCodec();
        String name = type.name();
        if (c == null && m == null) {
            return "value type '" + name + "' has no codec (ValueType.codec() or moduleCodec()): every type must be "
                    + "persistable";
        }
        if (c != null && m != null) {
            return "value type '" + name + "' has both a core codec and a module codec";
        }
        if (m != null) {
            if (!ModuleTypeIds.validName(m.typeName())) {
                return "value type '" + name + "': module type name '" + m.typeName()
                        + "' must be 9 characters of A-Z a-z 0-9 - _";
            }
            if (m.encodingVersion() < 0 || m.encodingVersion() > 1023) {
                return "value type '" + name + "': encoding version " + m.encodingVersion() + " is not in 0..1023";
            }
        }
        for (ValueType o : existing) {
            if (o == type) {
                continue;
            }
            ValueCodec oc = o.codec();
            if (c != null && oc != null) {
                for (int a : c.rdbTypes()) {
                    for (int b : oc.rdbTypes()) {
                        if (a == b) {
                            return "value type '" + name + "': RDB type " + a + " is already read by type '"
                                    + o.name() + "'";
                        }
                    }
                }
            }
            ModuleTypeCodec om = o.moduleCodec();
            if (m != null && om != null && m.typeName().equals(om.typeName())) {
                return "value type '" + name + "': module type name '" + m.typeName() + "' is already taken by type '"
                        + o.name() + "'";
            }
        }
        return null;
    }
}
