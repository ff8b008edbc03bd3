package io.sockudo.kv.kernel.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The launcher's arguments, as redis-server takes them: an optional config file first, then
 * {@code --name value...} overrides; plus the short forms {@code -h -p -d -r}.
 *
 * @param configFile the config file, or null
 * @param directives overrides, applied after the file
 */
public record CommandLine(Path configFile, List<Directive> directives) {

    public static CommandLine parse(String[] argv) {
        Path file = null;
        int i = 0;
        if (argv.length > 0 && !argv[0].startsWith("-")) {
            file = Path.of(argv[0]);
            i = 1;
        }
        List<Directive> out = new ArrayList<>();
        String name = null;
        List<String> args = new ArrayList<>();
        for (; i < argv.length; i++) {
            String a = argv[i];
            String option = optionName(a);
            if (option != null) {
                if (name != null) {
                    out.add(directive(name, args));
                }
                name = option;
                args = new ArrayList<>();
            } else {
                if (name == null) {
                    throw new ConfigFile.ConfigException("Invalid argument '" + a
                            + "': options must start with -- (e.g. --port 6380)");
                }
                args.add(a);
            }
        }
        if (name != null) {
            out.add(directive(name, args));
        }
        return new CommandLine(file, out);
    }

    private static String optionName(String a) {
        switch (a) {
            case "-h": return "bind";
            case "-p": return "port";
            case "-d": return "databases";
            case "-r": return "requirepass";
            default:
                break;
        }
        if (a.startsWith("--") && a.length() > 2) {
            String n = a.substring(2).toLowerCase(Locale.ROOT);
            return n.equals("host") ? "bind" : n;
        }
        return null;
    }

    private static Directive directive(String name, List<String> args) {
        // "--save" with no value means save "" as in redis-server
        List<String> a = args.isEmpty() ? List.of("") : List.copyOf(args);
        // Shown as Redis shows command-line options in its error block: name "value" ...
        StringBuilder text = new StringBuilder(name);
        for (String v : a) {
            text.append(' ').append(OptionType.quote(v));
        }
        return new Directive(name, a, "command line", 0, text.toString());
    }
}
