package io.sockudo.kv.it.arch;

import io.sockudo.kv.testkit.RepoPaths;

import io.sockudo.kv.spi.KvModule;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What ArchUnit cannot see: the JPMS descriptors. Every module has a module-info; families
 * provide KvModule both through {@code provides ... with} (module path) and META-INF/services
 * (class path / fat jar), naming the same class; the SPI requires nothing but java.base; the
 * kernel requires no family module.
 */
class ModuleDescriptorTest {
    private static final Map<String, String> MODULES = Map.of(
            "kv-spi", "io.sockudo.kv.spi",
            "kv-kernel", "io.sockudo.kv.kernel",
            "kv-types-core", "io.sockudo.kv.types.core",
            "kv-types-stack", "io.sockudo.kv.types.stack",
            "kv-search", "io.sockudo.kv.search",
            "kv-probabilistic", "io.sockudo.kv.probabilistic",
            "kv-testkit", "io.sockudo.kv.testkit");
    private static final List<String> FAMILIES = List.of("kv-types-core", "kv-types-stack", "kv-search", "kv-probabilistic");

    private static ModuleDescriptor descriptor(String folder) {
        Path classes = RepoPaths.root().resolve(folder).resolve("target/classes");
        assertTrue(Files.isRegularFile(classes.resolve("module-info.class")), folder + " has no module-info");
        ModuleReference ref = ModuleFinder.of(classes).findAll().iterator().next();
        return ref.descriptor();
    }

    @Test
    void everyModuleHasItsDescriptor() {
        MODULES.forEach((folder, name) -> assertEquals(name, descriptor(folder).name(), folder));
    }

    @Test
    void spiRequiresOnlyTheJdk() {
        Set<String> requires = descriptor("kv-spi").requires().stream()
                .map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertEquals(Set.of("java.base"), requires);
    }

    @Test
    void kernelRequiresNoFamily() {
        Set<String> requires = descriptor("kv-kernel").requires().stream()
                .map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        for (String f : FAMILIES) {
            assertFalse(requires.contains(MODULES.get(f)), "kernel requires " + f);
        }
        assertTrue(descriptor("kv-kernel").uses().contains(KvModule.class.getName()));
    }

    @Test
    void familiesProvideTheirModuleBothWays() throws Exception {
        for (String f : FAMILIES) {
            ModuleDescriptor d = descriptor(f);
            List<String> provided = d.provides().stream()
                    .filter(p -> p.service().equals(KvModule.class.getName()))
                    .flatMap(p -> p.providers().stream()).sorted().toList();
            assertFalse(provided.isEmpty(), f + " provides no KvModule");
            Path services = RepoPaths.root().resolve(f).resolve("target/classes/META-INF/services/" + KvModule.class.getName());
            List<String> listed = Files.readAllLines(services).stream().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList();
            assertEquals(provided, listed, f + ": module-info provides and META-INF/services differ");
            Set<String> requires = d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
            assertFalse(requires.contains("io.sockudo.kv.kernel"), f + " requires the kernel");
        }
    }
}
