package io.sockudo.kv.kernel.module;

import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.config.KernelConfig;
import io.sockudo.kv.spi.KvModule;
import io.sockudo.kv.spi.ModuleAuxData;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Module aux data: registered with the module, listed for persistence engines, checked, removed on unload. */
class ModuleAuxDataTest {
    private static Kernel kernel() {
        ConfigRegistry config = new ConfigRegistry();
        KernelConfig.registerAll(config);
        return new Kernel(config);
    }

    private static ModuleAuxData aux(String name, int encver) {
        return new ModuleAuxData() {
            @Override
            public String typeName() {
                return name;
            }

            @Override
            public int encodingVersion() {
                return encver;
            }

            @Override
            public void save(Phase phase, ModuleTypeOutput out) {
            }

            @Override
            public void load(Phase phase, ModuleTypeInput in, int encodingVersion) {
            }
        };
    }

    private static KvModule module(String name, ModuleAuxData... data) {
        return new KvModule() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int version() {
                return 1;
            }

            @Override
            public void register(ModuleRegistry registry, List<String> args) {
                for (ModuleAuxData d : data) {
                    registry.auxData(d);
                }
            }
        };
    }

    @Test
    void listedWhileTheModuleIsLoaded() {
        Kernel kernel = kernel();
        int before = kernel.modules().auxData().size();
        ModuleAuxData a = aux("test-aux1", 3);
        kernel.modules().register(module("auxmod", a), "/plugin.jar", List.of(), () -> { });
        assertEquals(before + 1, kernel.modules().auxData().size());
        assertSame(a, kernel.modules().auxData("test-aux1"));
        assertTrue(a.phases().contains(ModuleAuxData.Phase.BEFORE_KEYS));
        kernel.modules().unregister("auxmod");
        assertNull(kernel.modules().auxData("test-aux1"));
        assertEquals(before, kernel.modules().auxData().size());
    }

    @Test
    void badOrTakenNamesRefuseTheWholeModule() {
        Kernel kernel = kernel();
        kernel.modules().register(module("first", aux("test-aux1", 0)), "/a.jar", List.of(), () -> { });
        assertThrows(IllegalArgumentException.class, () -> kernel.modules().register(
                module("second", aux("test-aux1", 0)), "/b.jar", List.of(), () -> { }));
        assertThrows(IllegalArgumentException.class, () -> kernel.modules().register(
                module("third", aux("short", 0)), "/c.jar", List.of(), () -> { }));
        assertThrows(IllegalArgumentException.class, () -> kernel.modules().register(
                module("fourth", aux("test-aux2", 1024)), "/d.jar", List.of(), () -> { }));
        assertThrows(IllegalArgumentException.class, () -> kernel.modules().register(
                module("fifth", aux("test-aux3", 0), aux("test-aux3", 0)), "/e.jar", List.of(), () -> { }));
        assertNull(kernel.modules().get("second"));
        assertNull(kernel.modules().get("fifth"));
        assertNull(kernel.modules().auxData("test-aux3"));
    }

    @Test
    void phasesCarryRedisWhenValues() {
        assertEquals(1, ModuleAuxData.Phase.BEFORE_KEYS.when());
        assertEquals(2, ModuleAuxData.Phase.AFTER_KEYS.when());
        assertSame(ModuleAuxData.Phase.AFTER_KEYS, ModuleAuxData.Phase.of(2));
        assertNull(ModuleAuxData.Phase.of(3));
    }
}
