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

    /** Removes every command of a module. */
    /** {@code rename-command from to} (to empty: disabled); null, or Redis's error text. */
    public synchronized String rename(String from, String to) {
        return table.rename(from, to);
    }

    public synchronized void removeModule(String module) {
        for (RegisteredCommand c : table.all()) {
            if (c.module().equals(module)) {
                table.remove(c.spec().name().toLowerCase(Locale.ROOT));
            }
        }
    }
}
