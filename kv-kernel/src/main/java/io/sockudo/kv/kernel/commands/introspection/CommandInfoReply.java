package io.sockudo.kv.kernel.commands.introspection;

import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KeySpec;
import io.sockudo.kv.spi.ReplyWriter;

import java.util.List;

/**
 * Writes one command's {@code COMMAND INFO} entry in Redis 7.0's shape: name, arity, flags, first
 * key, last key, step, ACL categories, tips, key specs, subcommands (sets in RESP3 where Redis
 * uses sets).
 */
final class CommandInfoReply {
    private CommandInfoReply() {
    }

    static void write(ReplyWriter w, RegisteredCommand cmd) {
        CommandSpec s = cmd.spec();
        w.array(10);
        w.bulk(cmd.fullName());
        w.integer(s.arity());
        simpleSet(w, RedisNames.commandFlags(s));
        w.integer(s.firstKey());
        w.integer(s.lastKey());
        w.integer(s.keyStep());
        simpleSet(w, RedisNames.aclCategories(s.aclCategories()));
        w.set(s.tips().size());
        for (String t : s.tips()) {
            w.bulk(t);
        }
        keySpecs(w, s);
        List<RegisteredCommand> subs = CommandLookup.subcommands(cmd);
        if (subs.isEmpty()) {
            // Redis answers an empty set for "no subcommands" but an array when there are some.
            w.set(0);
        } else {
            w.array(subs.size());
            for (RegisteredCommand sub : subs) {
                write(w, sub);
            }
        }
    }

    static void simpleSet(ReplyWriter w, List<String> items) {
        w.set(items.size());
        for (String i : items) {
            w.simple(i);
        }
    }

    private static void keySpecs(ReplyWriter w, CommandSpec s) {
        List<KeySpec> specs = s.keySpecs();
        w.set(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            KeySpec k = specs.get(i);
            String notes = s.keySpecNotes(i);
            w.map(notes == null ? 3 : 4);
            if (notes != null) {
                w.bulk("notes");
                w.bulk(notes);
            }
            w.bulk("flags");
            simpleSet(w, RedisNames.keySpecFlags(k.flags()));
            w.bulk("begin_search");
            beginSearch(w, k);
            w.bulk("find_keys");
            findKeys(w, k);
        }
    }

    private static void beginSearch(ReplyWriter w, KeySpec k) {
        w.map(2);
        w.bulk("type");
        if (k.beginKeyword() != null) {
            w.bulk("keyword");
            w.bulk("spec");
            w.map(2);
            w.bulk("keyword");
            w.bulk(k.beginKeyword());
            w.bulk("startfrom");
            w.integer(k.keywordStartFrom());
        } else if (k.beginIndex() > 0) {
            w.bulk("index");
            w.bulk("spec");
            w.map(1);
            w.bulk("index");
            w.integer(k.beginIndex());
        } else {
            w.bulk("unknown");
            w.bulk("spec");
            w.map(0);
        }
    }

    private static void findKeys(ReplyWriter w, KeySpec k) {
        w.map(2);
        w.bulk("type");
        if (k.isKeyNum()) {
            w.bulk("keynum");
            w.bulk("spec");
            w.map(3);
            w.bulk("keynumidx");
            w.integer(k.keyNumIndex());
            w.bulk("firstkey");
            w.integer(k.firstKey());
            w.bulk("keystep");
            w.integer(k.keyStep());
        } else if (k.keyStep() > 0) {
            w.bulk("range");
            w.bulk("spec");
            w.map(3);
            w.bulk("lastkey");
            w.integer(k.lastKey());
            w.bulk("keystep");
            w.integer(k.keyStep());
            w.bulk("limit");
            w.integer(k.limit());
        } else {
            w.bulk("unknown");
            w.bulk("spec");
            w.map(0);
        }
    }
}
