package io.sockudo.kv.kernel.command;

import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.spi.CommandSpec;

import java.util.List;
import java.util.Locale;

/** Adds and removes commands in the kernel's table on behalf of modules. */
public final class CommandRegistrar {
    private final Kernel kernel;

    public CommandRegistrar(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Adds a command owned by {@code module} ("server" for the kernel's own). */
    public void add(CommandSpec spec, String module) {
        kernel.commands.add(new RegisteredCommand(spec, module, null));
    }

    /** Adds a batch atomically: either every command is added or none. */
    public synchronized void addAll(List<CommandSpec> specs, String module) {
        for (CommandSpec s : specs) {
            if (kernel.commands.lookup(s.name()) != null) {
                throw new IllegalArgumentException("command '" + s.name() + "' is already registered");
            }
        }
        for (CommandSpec s : specs) {
            add(s, module);
        }
    }

    /** Removes every command of a module. */
    public synchronized void removeModule(String module) {
        for (RegisteredCommand c : kernel.commands.all()) {
            if (c.module().equals(module)) {
                kernel.commands.remove(c.spec().name().toLowerCase(Locale.ROOT));
            }
        }
    }
}
