package io.sockudo.kv.kernel.commands.module;

import io.sockudo.kv.spi.Args;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of {@code MODULE LOADEX path [CONFIG name value ...] [ARGS arg ...]}, parsed as
 * Redis's {@code parseLoadexArguments} does: any number of CONFIG triples (a repeated name keeps
 * the last value), then optionally ARGS, which takes the rest of the line.
 *
 * @param configs option name to value, in first-seen order
 * @param args the module arguments (empty without ARGS)
 * @param error why parsing failed (logged; the client gets Redis's generic load error), or null
 */
record LoadexArgs(Map<String, String> configs, List<String> args, String error) {

    /** Parses {@code argv[from..]} (the words after the path). */
    static LoadexArgs parse(byte[][] argv, int from) {
        Map<String, String> configs = new LinkedHashMap<>();
        List<String> args = new ArrayList<>();
        for (int i = from; i < argv.length; i++) {
            if (Args.is(argv[i], "CONFIG")) {
                if (i + 2 >= argv.length) {
                    return new LoadexArgs(configs, args, "CONFIG specified without name value pair");
                }
                configs.put(Args.str(argv[i + 1]), Args.str(argv[i + 2]));
                i += 2;
            } else if (Args.is(argv[i], "ARGS")) {
                for (int j = i + 1; j < argv.length; j++) {
                    args.add(Args.str(argv[j]));
                }
                break;
            } else {
                return new LoadexArgs(configs, args, "Syntax Error from arguments to loadex around " + Args.str(argv[i]) + ".");
            }
        }
        return new LoadexArgs(configs, args, null);
    }
}
