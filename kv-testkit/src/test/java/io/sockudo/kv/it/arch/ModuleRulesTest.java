package io.sockudo.kv.it.arch;

import io.sockudo.kv.testkit.RepoPaths;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module rules of DESIGN §2, held by ArchUnit over the compiled classes of every module
 * (families and plugins included).
 */
class ModuleRulesTest {
    static final String SPI = "io.sockudo.kv.spi..";
    static final String KERNEL = "io.sockudo.kv.kernel..";
    static final String[] FAMILIES = {
        "io.sockudo.kv.types.core..", "io.sockudo.kv.types.stack..", "io.sockudo.kv.search..",
        "io.sockudo.kv.probabilistic.."
    };

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() throws Exception {
        List<Path> roots = new ArrayList<>();
        Path repo = RepoPaths.root();
        for (String m : List.of("kv-spi", "kv-kernel", "kv-types-core", "kv-types-stack", "kv-search", "kv-probabilistic")) {
            roots.add(repo.resolve(m).resolve("target/classes"));
        }
        Path plugins = repo.resolve("plugins");
        if (Files.isDirectory(plugins)) {
            try (Stream<Path> s = Files.list(plugins)) {
                s.map(p -> p.resolve("target/classes")).filter(Files::isDirectory).forEach(roots::add);
            }
        }
        for (Path r : roots) {
            if (!Files.isDirectory(r)) {
                throw new IllegalStateException("module classes missing (build the reactor first): " + r);
            }
        }
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPaths(roots);
    }

    @Test
    void spiDependsOnTheJdkOnly() {
        classes().that().resideInAPackage(SPI)
                .should().onlyDependOnClassesThat().resideInAnyPackage(SPI, "java..")
                .because("kv-spi has no dependency outside the JDK (no Netty, no Jackson in its signatures)")
                .check(classes);
    }

    @Test
    void familiesDoNotDependOnTheKernel() {
        noClasses().that().resideInAnyPackage(FAMILIES)
                .should().dependOnClassesThat().resideInAPackage(KERNEL)
                .because("families reach the kernel only through the SPI")
                .check(classes);
    }

    @Test
    void pluginsDependOnlyOnTheSpi() {
        noClasses().that().resideInAPackage("io.sockudo.kv.plugins..")
                .should().dependOnClassesThat().resideInAnyPackage(KERNEL, FAMILIES[0], FAMILIES[1], FAMILIES[2], FAMILIES[3])
                .because("a plugin compiles against kv-spi (and pf4j) only")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void familiesDoNotDependOnEachOther() {
        for (String family : FAMILIES) {
            List<String> others = new ArrayList<>(List.of(FAMILIES));
            others.remove(family);
            noClasses().that().resideInAPackage(family)
                    .should().dependOnClassesThat().resideInAnyPackage(others.toArray(new String[0]))
                    .because("no family depends on another family; search reads documents through SPI capabilities")
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    @Test
    void kernelHasNoCompileTimeDependencyOnAnyFamily() {
        noClasses().that().resideInAPackage(KERNEL)
                .should().dependOnClassesThat().resideInAnyPackage(FAMILIES)
                .because("the kernel learns every command and type from the modules it finds")
                .check(classes);
    }

    @Test
    void familiesUseOnlyTheirAllowedLibraries() {
        classes().that().resideInAnyPackage("io.sockudo.kv.types.core..", "io.sockudo.kv.probabilistic..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", SPI, "io.sockudo.kv.types.core..",
                        "io.sockudo.kv.probabilistic..", "org.apache.commons.math3..")
                .check(classes);
        // jdk.incubator.vector: the vector-set distance kernels (issue 19), an optional JDK module
        // (requires static) that only SimdKernels touches, loaded only when the launcher adds it.
        classes().that().resideInAPackage("io.sockudo.kv.types.stack..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", SPI, "io.sockudo.kv.types.stack..",
                        "com.fasterxml.jackson..", "jdk.incubator.vector..")
                .check(classes);
        noClasses().that().resideInAPackage("io.sockudo.kv.types.stack..")
                .and().doNotHaveSimpleName("SimdKernels")
                .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..")
                .because("only SimdKernels may use the optional Vector API module (Dist loads it behind a check)")
                .check(classes);
        classes().that().resideInAPackage("io.sockudo.kv.search..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", SPI, "io.sockudo.kv.search..",
                        "org.roaringbitmap..")
                .check(classes);
    }
}
