package io.sockudo.kv.kernel.commands.introspection;

import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.ReplyWriter;

import java.util.List;

/** Writes one command's {@code COMMAND DOCS} map in Redis 7.0's field order. */
final class CommandDocsReply {
    private CommandDocsReply() {
    }

    private static boolean present(String s) {
        return s != null && !s.isEmpty();
    }

    static void write(ReplyWriter w, RegisteredCommand cmd) {
        CommandSpec s = cmd.spec();
        boolean module = s.hasFlag(CommandFlag.MODULE);
        List<RegisteredCommand> subs = CommandLookup.subcommands(cmd);
        int n = 1;
        n += present(s.summary()) ? 1 : 0;
        n += present(s.since()) ? 1 : 0;
        n += module ? 1 : 0;
        n += present(s.complexity()) ? 1 : 0;
        n += s.docFlags().isEmpty() ? 0 : 1;
        n += present(s.deprecatedSince()) ? 1 : 0;
        n += present(s.replacedBy()) ? 1 : 0;
        n += s.history().isEmpty() ? 0 : 1;
        n += s.arguments().isEmpty() ? 0 : 1;
        n += subs.isEmpty() ? 0 : 1;
        w.map(n);
        if (present(s.summary())) {
            w.bulk("summary");
            w.bulk(s.summary());
        }
        if (present(s.since())) {
            w.bulk("since");
            w.bulk(s.since());
        }
        w.bulk("group");
        w.bulk(module ? "module" : s.group());
        if (present(s.complexity())) {
            w.bulk("complexity");
            w.bulk(s.complexity());
        }
        if (module) {
            w.bulk("module");
            w.bulk(cmd.module());
        }
        if (!s.docFlags().isEmpty()) {
            w.bulk("doc_flags");
            CommandInfoReply.simpleSet(w, s.docFlags());
        }
        if (present(s.deprecatedSince())) {
            w.bulk("deprecated_since");
            w.bulk(s.deprecatedSince());
        }
        if (present(s.replacedBy())) {
            w.bulk("replaced_by");
            w.bulk(s.replacedBy());
        }
        if (!s.history().isEmpty()) {
            w.bulk("history");
            w.set(s.history().size());
            for (CommandSpec.HistoryEntry h : s.history()) {
                w.array(2);
                w.bulk(h.version());
                w.bulk(h.change());
            }
        }
        if (!s.arguments().isEmpty()) {
            w.bulk("arguments");
            args(w, s.arguments());
        }
        if (!subs.isEmpty()) {
            w.bulk("subcommands");
            w.map(subs.size());
            for (RegisteredCommand sub : subs) {
                w.bulk(sub.fullName());
                write(w, sub);
            }
        }
    }

    private static void args(ReplyWriter w, List<ArgSpec> args) {
        w.array(args.size());
        for (ArgSpec a : args) {
            boolean nested = a.type() == ArgSpec.Type.ONEOF || a.type() == ArgSpec.Type.BLOCK;
            int n = 2;
            n += a.keySpecIndex() >= 0 ? 1 : 0;
            n += a.token() != null ? 1 : 0;
            n += present(a.summary()) ? 1 : 0;
            n += present(a.since()) ? 1 : 0;
            n += present(a.deprecatedSince()) ? 1 : 0;
            n += a.flags().isEmpty() ? 0 : 1;
            n += nested ? 1 : 0;
            w.map(n);
            w.bulk("name");
            w.bulk(a.name());
            w.bulk("type");
            w.bulk(a.type().redisName());
            if (a.keySpecIndex() >= 0) {
                w.bulk("key_spec_index");
                w.integer(a.keySpecIndex());
            }
            if (a.token() != null) {
                w.bulk("token");
                w.bulk(a.token());
            }
            if (present(a.summary())) {
                w.bulk("summary");
                w.bulk(a.summary());
            }
            if (present(a.since())) {
                w.bulk("since");
                w.bulk(a.since());
            }
            if (present(a.deprecatedSince())) {
                w.bulk("deprecated_since");
                w.bulk(a.deprecatedSince());
            }
            if (!a.flags().isEmpty()) {
                w.bulk("flags");
                CommandInfoReply.simpleSet(w, a.flags());
            }
            if (nested) {
                w.bulk("arguments");
                args(w, a.arguments());
            }
        }
    }
}
