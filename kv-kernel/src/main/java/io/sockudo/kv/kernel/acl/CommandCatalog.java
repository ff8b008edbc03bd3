package io.sockudo.kv.kernel.acl;

import io.sockudo.kv.kernel.command.CommandTable;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.spi.CommandSpec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The commands as ACL rules see them: by their own full names ({@code config|get}) whatever
 * rename-command did, as Redis's ACL reads {@code orig_commands}; every command in a stable order
 * (rule descriptions), and each command's categories.
 */
final class CommandCatalog {
    private final CommandTable table;
    private final AclCategories categories = new AclCategories();

    CommandCatalog(CommandTable table) {
        this.table = table;
    }

    AclCategories categories() {
        return categories;
    }

    /** A command ({@code get}) or subcommand ({@code config|get}) by name, any case; null if unknown. */
    RegisteredCommand lookup(String fullName) {
        int bar = fullName.indexOf('|');
        if (bar < 0) {
            return table.original(fullName);
        }
        RegisteredCommand base = table.original(fullName.substring(0, bar));
        if (base == null || base.subcommands() == null) {
            return null;
        }
        return base.subcommands().lookup(fullName.substring(bar + 1).getBytes(StandardCharsets.UTF_8));
    }

    /** The top-level commands by their own names (renamed ones too), sorted (descriptions are deterministic). */
    List<RegisteredCommand> commands() {
        List<RegisteredCommand> all = new ArrayList<>(table.originals());
        all.sort(Comparator.comparing(RegisteredCommand::fullName));
        return all;
    }

    /** The subcommands of {@code cmd} sorted by name (empty for a plain command). */
    static List<RegisteredCommand> subcommands(RegisteredCommand cmd) {
        if (cmd.subcommands() == null) {
            return List.of();
        }
        List<RegisteredCommand> subs = new ArrayList<>(cmd.subcommands().all());
        subs.sort(Comparator.comparing(RegisteredCommand::fullName));
        return subs;
    }

    /** Every command with its subcommands after it. */
    List<RegisteredCommand> withSubcommands() {
        List<RegisteredCommand> out = new ArrayList<>();
        for (RegisteredCommand c : commands()) {
            out.add(c);
            out.addAll(subcommands(c));
        }
        return out;
    }

    long categoriesOf(RegisteredCommand cmd) {
        return categories.of(cmd.spec());
    }

    long categoriesOf(CommandSpec spec) {
        return categories.of(spec);
    }
}
