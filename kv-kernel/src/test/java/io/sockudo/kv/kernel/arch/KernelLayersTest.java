package io.sockudo.kv.kernel.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.kernel.keyspace.archfixture.ReachesUpward;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The kernel's inner layering (issue 9), held over its compiled production classes:
 * <pre>
 *   (root: Kernel, KvServer, Main)            the composition root; nothing depends on it
 *   net                                       framing, connections
 *   command                                   dispatch, pipeline stages, execution under locks
 *   commands.*, blocking, module, scripting   handlers and subsystems built on command
 *   replication                               beside persistence: command, persistence, propagation
 *   keyspace, client, config, stats, events, resp, util, tls,
 *   pubsub, propagation, persistence.rdb                   beneath: know nothing above them
 * </pre>
 * plus: no package cycles, and no public mutable field anywhere in the kernel. The fixture
 * {@link ReachesUpward} (test code) breaks the rules on purpose, to prove they can fail.
 */
class KernelLayersTest {
    static final String ROOT = "io.sockudo.kv.kernel";
    static final String[] UPPER = {"io.sockudo.kv.kernel.net..", "io.sockudo.kv.kernel.command..", "io.sockudo.kv.kernel.tracking..",
        "io.sockudo.kv.kernel.commands..", "io.sockudo.kv.kernel.blocking..", "io.sockudo.kv.kernel.module..",
        "io.sockudo.kv.kernel.scripting..", "io.sockudo.kv.kernel.replication..",
        "io.sockudo.kv.kernel.acl..", "io.sockudo.kv.kernel.eviction.."};
    static final String[] BENEATH = {"io.sockudo.kv.kernel.keyspace..", "io.sockudo.kv.kernel.client..",
        "io.sockudo.kv.kernel.config..", "io.sockudo.kv.kernel.stats..", "io.sockudo.kv.kernel.events..",
        "io.sockudo.kv.kernel.resp..", "io.sockudo.kv.kernel.util..", "io.sockudo.kv.kernel.pubsub..",
        "io.sockudo.kv.kernel.propagation..", "io.sockudo.kv.kernel.persistence.rdb..",
        "io.sockudo.kv.kernel.memory..", "io.sockudo.kv.kernel.slowlog..", "io.sockudo.kv.kernel.latency..",
        "io.sockudo.kv.kernel.logging..", "io.sockudo.kv.kernel.tls..",
        // the process (pid file, log file, daemon hand-off, signals, systemd): config and logging only
        "io.sockudo.kv.kernel.process.."};

    private static JavaClasses production;

    @BeforeAll
    static void importKernel() {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    /** Nothing outside the root package depends on the composition root. */
    static final ArchRule NOBODY_REACHES_THE_ROOT = noClasses().that().resideOutsideOfPackage(ROOT)
            .should().dependOnClassesThat().resideInAPackage(ROOT)
            .because("subsystems get their collaborators from the composition root, never the root itself");

    /** The packages beneath the command layer know nothing above them. */
    static final ArchRule BENEATH_STAYS_BENEATH = noClasses().that().resideInAnyPackage(BENEATH)
            .should().dependOnClassesThat().resideInAnyPackage(UPPER)
            .because("keyspace, client, config, stats, events, resp and util sit beneath command");

    static final ArchRule NET_DOES_NOT_REACH_HANDLERS_OR_DATA = noClasses().that()
            .resideInAPackage("io.sockudo.kv.kernel.net..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sockudo.kv.kernel.commands..",
                    "io.sockudo.kv.kernel.keyspace..", "io.sockudo.kv.kernel.module..", "io.sockudo.kv.kernel.blocking..")
            .because("the network layer hands commands to the dispatcher and knows no handler or table");

    static final ArchRule COMMAND_DOES_NOT_REACH_ABOVE = noClasses().that()
            .resideInAPackage("io.sockudo.kv.kernel.command..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sockudo.kv.kernel.net..",
                    "io.sockudo.kv.kernel.commands..", "io.sockudo.kv.kernel.module..", "io.sockudo.kv.kernel.blocking..",
                    "io.sockudo.kv.kernel.scripting..", "io.sockudo.kv.kernel.tracking..",
                    "io.sockudo.kv.kernel.replication..", "io.sockudo.kv.kernel.acl..",
                    "io.sockudo.kv.kernel.eviction..")
            .because("dispatch is below the handlers and subsystems that plug into it");

    /**
     * Replication sits beside persistence: built on command (it runs its master's stream through
     * the dispatcher), persistence (images, the loader) and propagation; it knows no connection
     * handler, no command handler and no other subsystem above command.
     */
    static final ArchRule REPLICATION_STAYS_BESIDE_PERSISTENCE = noClasses().that()
            .resideInAPackage("io.sockudo.kv.kernel.replication..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sockudo.kv.kernel.net..",
                    "io.sockudo.kv.kernel.commands..", "io.sockudo.kv.kernel.module..", "io.sockudo.kv.kernel.blocking..",
                    "io.sockudo.kv.kernel.scripting..", "io.sockudo.kv.kernel.tracking..", "io.sockudo.kv.kernel.acl..")
            .because("replication consumes the propagation stream and drives dispatch; handlers call it, not the reverse");

    /**
     * The ACL is a subsystem built on dispatch (its stage, the command table, key specs): it knows
     * no handler, no connection and no other subsystem; EXEC and scripts reach it only through
     * {@code command.CommandAccess}.
     */
    static final ArchRule ACL_STAYS_A_SUBSYSTEM = noClasses().that()
            .resideInAPackage("io.sockudo.kv.kernel.acl..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sockudo.kv.kernel.net..",
                    "io.sockudo.kv.kernel.commands..", "io.sockudo.kv.kernel.module..", "io.sockudo.kv.kernel.blocking..",
                    "io.sockudo.kv.kernel.scripting..", "io.sockudo.kv.kernel.tracking..",
                    "io.sockudo.kv.kernel.keyspace..", "io.sockudo.kv.kernel.persistence..")
            .because("permissions are checked from the command and its spec, never from handlers or data");

    /** Eviction is a pipeline stage over the keyspace: it knows neither connections nor handlers. */
    static final ArchRule EVICTION_STAYS_A_STAGE = noClasses().that()
            .resideInAPackage("io.sockudo.kv.kernel.eviction..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sockudo.kv.kernel.net..",
                    "io.sockudo.kv.kernel.commands..", "io.sockudo.kv.kernel.scripting..",
                    "io.sockudo.kv.kernel.module..", "io.sockudo.kv.kernel.persistence..")
            .because("eviction reaches data through the keyspace and answers through the pipeline");

    /** The memory account, the slow log and the latency monitor only record: they know no table or command. */
    static final ArchRule RECORDERS_KNOW_NO_COMMANDS = noClasses().that()
            .resideInAnyPackage("io.sockudo.kv.kernel.slowlog..", "io.sockudo.kv.kernel.latency..",
                    "io.sockudo.kv.kernel.memory..", "io.sockudo.kv.kernel.logging..")
            .should().dependOnClassesThat().resideInAnyPackage("io.sockudo.kv.kernel.command..",
                    "io.sockudo.kv.kernel.client..", "io.sockudo.kv.kernel.resp..")
            .because("they are fed by the command runner and read by the diagnostics commands");

    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.sockudo.kv.kernel.(**)").should().beFreeOfCycles();

    static final ArchRule NO_PUBLIC_MUTABLE_FIELDS = fields().that().areDeclaredInClassesThat()
            .resideInAPackage("io.sockudo.kv.kernel..").and().arePublic()
            .should().beFinal()
            .because("state is reached through narrow interfaces and accessors, not shared public fields");

    @Test
    void nobodyReachesTheRoot() {
        NOBODY_REACHES_THE_ROOT.check(production);
    }

    @Test
    void packagesBeneathCommandKnowNothingAboveThem() {
        BENEATH_STAYS_BENEATH.check(production);
    }

    @Test
    void netDoesNotReachHandlersOrData() {
        NET_DOES_NOT_REACH_HANDLERS_OR_DATA.check(production);
    }

    @Test
    void commandDoesNotReachAbove() {
        COMMAND_DOES_NOT_REACH_ABOVE.check(production);
    }

    @Test
    void replicationStaysBesidePersistence() {
        REPLICATION_STAYS_BESIDE_PERSISTENCE.check(production);
    }

    @Test
    void aclStaysASubsystem() {
        ACL_STAYS_A_SUBSYSTEM.check(production);
    }

    @Test
    void evictionStaysAStage() {
        EVICTION_STAYS_A_STAGE.check(production);
    }

    @Test
    void recordersKnowNoCommands() {
        RECORDERS_KNOW_NO_COMMANDS.check(production);
    }

    @Test
    void noPackageCycles() {
        NO_PACKAGE_CYCLES.check(production);
    }

    @Test
    void noPublicMutableFields() {
        NO_PUBLIC_MUTABLE_FIELDS.check(production);
    }

    @Test
    void theRulesFailOnADeliberateBackReference() {
        JavaClasses withFixture = new ClassFileImporter().importClasses(ReachesUpward.class, Kernel.class,
                io.sockudo.kv.kernel.command.Dispatcher.class);
        assertThrows(AssertionError.class, () -> NOBODY_REACHES_THE_ROOT.check(withFixture));
        assertThrows(AssertionError.class, () -> BENEATH_STAYS_BENEATH.check(withFixture));
        assertThrows(AssertionError.class, () -> NO_PUBLIC_MUTABLE_FIELDS.check(withFixture));
    }
}
