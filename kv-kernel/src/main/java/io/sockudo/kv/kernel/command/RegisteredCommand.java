package io.sockudo.kv.kernel.command;

import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandHandler;
import io.sockudo.kv.spi.CommandSpec;

import java.util.concurrent.atomic.LongAdder;

/**
 * A command as the kernel runs it: its spec, the module that registered it, its subcommands,
 * and its statistics (INFO commandstats).
 */
public final class RegisteredCommand {
    private final CommandSpec spec;
    private final String module;
    private final String fullName;
    private final RegisteredCommand parent;
    private final CommandTable subcommands;
    private final boolean locksAll;
    private final boolean write;
    private final boolean lockFree;
    private final int aclId;
    /** True for a command a module registered (not the kernel's own): its reply is checked. */
    private final boolean moduleCommand;
    /** Set when its module is being unloaded: from then on it is refused, even when queued in MULTI. */
    private volatile boolean retired;
    /** The command of the same name that replaced it (MODULE RELOAD), or null. */
    private volatile RegisteredCommand successor;

    public final io.sockudo.kv.kernel.stats.HotCounter calls = new io.sockudo.kv.kernel.stats.HotCounter();
    public final io.sockudo.kv.kernel.stats.HotCounter micros = new io.sockudo.kv.kernel.stats.HotCounter();
    public final LongAdder rejectedCalls = new LongAdder();
    public final LongAdder failedCalls = new LongAdder();
    /** latency-tracking's distribution, created at the first recorded call (a histogram is ~25 KB). */
    private volatile io.sockudo.kv.kernel.latency.LatencyHistogram latency;

    private final boolean gatedAlways;

    RegisteredCommand(CommandSpec spec, String module, RegisteredCommand parent) {
        this(spec, module, parent, false);
    }

    RegisteredCommand(CommandSpec spec, String module, RegisteredCommand parent, boolean lockFree) {
        this.lockFree = lockFree;
        this.spec = spec;
        this.module = module;
        this.parent = parent;
        this.fullName = parent == null ? spec.name() : parent.fullName + "|" + spec.name();
        this.aclId = CommandIds.of(fullName);
        this.moduleCommand = !CommandRegistrar.KERNEL_MODULE.equals(module);
        if (spec.subcommands().isEmpty()) {
            this.subcommands = null;
        } else {
            this.subcommands = new CommandTable();
            for (CommandSpec sub : spec.subcommands()) {
                subcommands.add(new RegisteredCommand(sub, module, this, lockFree));
            }
        }
        boolean keyless = spec.firstKey() == 0 && spec.keyFinder() == null;
        this.write = spec.hasFlag(CommandFlag.WRITE);
        this.locksAll = spec.locksKeyspace() || keyless && (write || spec.hasFlag(CommandFlag.READONLY));
        this.gatedAlways = spec.hasFlag(CommandFlag.PROTECTED);
    }

    /**
     * Whether the command passes every pipeline stage even when nothing is engaged: protected
     * commands (DEBUG, MODULE LOAD...), whose PROTECTED check is about the command itself.
     */
    public boolean gatedAlways() { return gatedAlways; }

    public CommandSpec spec() { return spec; }
    /** The command's ACL id (one bit in every ACL selector), stable per full name. */
    public int aclId() { return aclId; }
    public String module() { return module; }
    /** {@code get}, or {@code config|get} for a subcommand. */
    public String fullName() { return fullName; }
    public RegisteredCommand parent() { return parent; }
    public CommandHandler handler() { return spec.handler(); }
    /** The subcommand table, or null for a plain command. */
    public CommandTable subcommands() { return subcommands; }
    public boolean isWrite() { return write; }

    /**
     * Whether the command takes every shard lock: keyless commands that read or write the
     * keyspace (KEYS, SCAN, DBSIZE, FLUSHDB, SWAPDB...), and commands whose spec says they touch
     * keys their arguments do not name (SORT).
     */
    public boolean locksAll() { return locksAll; }

    /**
     * Whether the command's handler runs without shard locks because it hands its work to a
     * thread that takes what it needs (EVAL, FCALL: the script takes every lock); its key specs
     * still describe its keys (COMMAND GETKEYS, cluster routing).
     */
    public boolean lockFree() { return lockFree; }

    public boolean hasFlag(CommandFlag f) { return spec.hasFlag(f); }

    /** The command's latency histogram, or null before its first tracked call. */
    public io.sockudo.kv.kernel.latency.LatencyHistogram latency() { return latency; }

    /** Records one call's duration for latency-tracking. */
    void recordLatency(long nanos) {
        io.sockudo.kv.kernel.latency.LatencyHistogram h = latency;
        if (h == null) {
            synchronized (this) {
                h = latency;
                if (h == null) {
                    h = new io.sockudo.kv.kernel.latency.LatencyHistogram();
                    latency = h;
                }
            }
        }
        h.record(nanos);
    }

    /** LATENCY RESET / CONFIG RESETSTAT: forgets the histogram. */
    public void resetLatency() { latency = null; }

    /** Whether a module (built-in family or plugin) registered it, rather than the kernel. */
    public boolean moduleCommand() { return moduleCommand; }

    /** Whether its module is being (or was) unloaded: the command must not run any more. */
    public boolean retired() { return retired; }

    /** The command of the same name in the module version that replaced this one, or null. */
    public RegisteredCommand successor() { return successor; }

    /** Links this retired command (and its subcommands) to its replacement. */
    void successor(RegisteredCommand next) {
        successor = next;
        if (subcommands != null && next != null && next.subcommands != null) {
            for (RegisteredCommand sub : subcommands.all()) {
                sub.successor(next.subcommands.lookup(sub.spec().name()));
            }
        }
    }

    /** Marks the command and its subcommands as belonging to a module being unloaded. */
    void retire(boolean value) {
        retired = value;
        if (subcommands != null) {
            for (RegisteredCommand sub : subcommands.all()) {
                sub.retire(value);
            }
        }
    }
}
