package io.sockudo.kv.kernel.commands.introspection;

import io.sockudo.kv.kernel.command.CommandTable;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.spi.CommandSpec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Command lookups the introspection commands need beyond the dispatcher's. */
final class CommandLookup {
    private CommandLookup() {
    }

    /** Subcommands in the order the spec declared them (empty for a plain command). */
    static List<RegisteredCommand> subcommands(RegisteredCommand cmd) {
        CommandTable table = cmd.subcommands();
        if (table == null) {
            return List.of();
        }
        List<RegisteredCommand> out = new ArrayList<>(table.size());
        for (CommandSpec sub : cmd.spec().subcommands()) {
            RegisteredCommand r = table.lookup(sub.name());
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** {@code get} or {@code config|get}, any case (Redis's {@code lookupCommandBySds}); null if unknown. */
    static RegisteredCommand byFullName(CommandTable table, byte[] name) {
        String s = new String(name, StandardCharsets.UTF_8);
        int bar = s.indexOf('|');
        if (bar < 0) {
            return table.lookup(name);
        }
        if (s.indexOf('|', bar + 1) >= 0) {
            return null;
        }
        RegisteredCommand base = table.lookup(s.substring(0, bar).getBytes(StandardCharsets.UTF_8));
        if (base == null || base.subcommands() == null) {
            return null;
        }
        return base.subcommands().lookup(s.substring(bar + 1).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The command a command line names (Redis's {@code lookupCommand}): the base command, or its
     * subcommand when it is a container and a second argument is there; null if unknown.
     */
    static RegisteredCommand byArgv(CommandTable table, byte[][] argv) {
        RegisteredCommand base = table.lookup(argv[0]);
        if (base == null || argv.length == 1 || base.subcommands() == null) {
            return base;
        }
        return base.subcommands().lookup(argv[1]);
    }

    /** Every command and subcommand, parents before their subcommands. */
    static List<RegisteredCommand> allWithSubcommands(CommandTable table) {
        List<RegisteredCommand> out = new ArrayList<>();
        for (RegisteredCommand c : table.all()) {
            out.add(c);
            out.addAll(subcommands(c));
        }
        return out;
    }
}
