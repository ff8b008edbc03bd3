package io.sockudo.kv.kernel.command;

import io.sockudo.kv.spi.CommandSpec;

import java.util.List;
import java.util.Locale;

/** Adds and removes commands in the kernel's table on behalf of modules. */
public final class CommandRegistrar {
    /**
     * The module name of the kernel's own commands, which MODULE LIST does not show (Redis does not
     * list its core).
     */
    public static final String KERNEL_MODULE = "server";

    private final CommandTable table;

    public CommandRegistrar(CommandTable table) {
        this.table = table;
    }

    /** Adds a command owned by {@code module} ("server" for the kernel's own). */
    public void add(CommandSpec spec, String module) {
        table.add(new RegisteredCommand(spec, module, null));
    }

    /** Adds a batch atomically: either every command is added or none. */
    public synchronized void addAll(List<CommandSpec> specs, String module) {
        for (CommandSpec s : specs) {
            if (table.lookup(s.name()) != null) {
                throw new IllegalArgumentException("command '" + s.name() + "' is already registered");
            }
        }
        for (CommandSpec s : specs) {
            add(s, module);
        }
    }

    /**
     * Adds a batch of kernel commands whose handlers take no shard locks (see
     * {@link RegisteredCommand#lockFree()}): either every command is added or none.
     */
    public synchronized void addLockFree(List<CommandSpec> specs, String module) {
        for (CommandSpec s : specs) {
            if (table.lookup(s.name()) != null) {
                throw new IllegalArgumentException("command '" + s.name() + "' is already registered");
            }
        }
        for (CommandSpec s : specs) {
            table.add(new RegisteredCommand(s, module, null, true));
        }
    }

    /** {@code rename-command from to} (to empty: disabled); null, or Redis's error text. */
    public synchronized String rename(String from, String to) {
        return table.rename(from, to);
    }

    /** Removes every command of a module; returns them (retired). */
    public synchronized List<RegisteredCommand> removeModule(String module) {
        List<RegisteredCommand> removed = new java.util.ArrayList<>();
        for (RegisteredCommand c : table.all()) {
            if (c.module().equals(module)) {
                c.retire(true); // a transaction that queued it must not run it any more
                table.remove(c.spec().name().toLowerCase(Locale.ROOT));
                removed.add(c);
            }
        }
        return removed;
    }

    /**
     * After a module was replaced by a new version (MODULE RELOAD): each retired command runs the
     * new version's command of the same name instead (a transaction queued it, a client waited for
     * the locks while the versions were swapped), or is refused when the new version has none.
     */
    public synchronized void linkSuccessors(List<RegisteredCommand> retired) {
        for (RegisteredCommand old : retired) {
            old.successor(table.lookup(old.spec().name()));
        }
    }

    /**
     * Marks every command of a module as retired (or no longer, when an unload is given up): a
     * retired command is refused with Redis's unknown-command error even if a client resolved it
     * before (a transaction queued it), see {@link CommandRunner}.
     */
    public synchronized void retireModule(String module, boolean retired) {
        for (RegisteredCommand c : table.all()) {
            if (c.module().equals(module)) {
                c.retire(retired);
            }
        }
    }

    /**
     * Adds a subcommand to a registered container without changing the container's spec: it runs
     * and is found by name ({@code COMMAND INFO parent|sub}), but the container's own COMMAND
     * INFO/DOCS do not list it (an extension of ours beside a Redis command, MODULE RELOAD).
     */
    public synchronized void addHiddenSubcommand(String parent, CommandSpec sub, String module) {
        RegisteredCommand p = table.lookup(parent);
        if (p == null || p.subcommands() == null) {
            throw new IllegalArgumentException("no command container '" + parent + "'");
        }
        p.subcommands().add(new RegisteredCommand(sub, module, p));
    }

    /** The registered command of that name, or null. */
    public synchronized RegisteredCommand lookup(String name) {
        return table.lookup(name);
    }
}
