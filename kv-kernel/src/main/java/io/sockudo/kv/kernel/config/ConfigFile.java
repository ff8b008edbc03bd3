package io.sockudo.kv.kernel.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@code redis.conf}-style files: one directive per line, arguments split with Redis's
 * quoting rules, {@code #} comments, {@code include} of other files.
 */
public final class ConfigFile {
    private ConfigFile() {
    }

    /** A fatal configuration error, printed as Redis prints it before exiting. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }

        /**
         * Redis's block, naming the file as well:
         * <pre>
         * *** FATAL CONFIG FILE ERROR (sockudo-kv 0.1.0) ***
         * Reading the configuration file /etc/kv.conf, at line 3
         * &gt;&gt;&gt; 'hz abc'
         * argument couldn't be parsed into an integer
         * </pre>
         */
        public static ConfigException at(Directive d, String reason) {
            String where = d.line() > 0
                    ? "Reading the configuration file " + d.source() + ", at line " + d.line()
                    : "Reading the configuration from the command line";
            return new ConfigException("\n*** FATAL CONFIG FILE ERROR (sockudo-kv " + io.sockudo.kv.kernel.util.Version.VERSION
                    + ") ***\n" + where + "\n>>> '" + d.text() + "'\n" + reason);
        }
    }

    /** Include nesting deeper than this is taken for an include loop. */
    private static final int MAX_INCLUDE_DEPTH = 16;

    public static List<Directive> read(Path file) {
        return read(file, 0);
    }

    private static List<Directive> read(Path file, int depth) {
        String content;
        try {
            content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException("Fatal error, can't open config file '" + file + "': No such file or directory");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new ConfigException("Fatal error, can't open config file '" + file + "': Permission denied");
        } catch (IOException e) {
            throw new ConfigException("Fatal error, can't open config file '" + file + "': " + e.getMessage());
        }
        return parse(content, file.toString(), depth);
    }

    public static List<Directive> parse(String content, String source) {
        return parse(content, source, 0);
    }

    private static List<Directive> parse(String content, String source, int depth) {
        List<Directive> out = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> args = splitArgs(line);
            Directive d = new Directive(args == null || args.isEmpty() ? "" : args.get(0).toLowerCase(Locale.ROOT),
                    args == null ? List.of() : args.subList(1, args.size()), source, i + 1, line);
            if (args == null) {
                throw ConfigException.at(d, "Unbalanced quotes in configuration line");
            }
            if (d.name().equals("include")) {
                if (d.args().size() != 1) {
                    throw ConfigException.at(d, "Bad directive or wrong number of arguments");
                }
                if (depth >= MAX_INCLUDE_DEPTH) {
                    throw ConfigException.at(d, "Too many nested includes (include loop?)");
                }
                out.addAll(read(Path.of(d.args().get(0)), depth + 1));
                continue;
            }
            out.add(d);
        }
        return out;
    }

    /** Splits like Redis's sdssplitargs; null on unbalanced quotes. */
    public static List<String> splitArgs(String line) {
        List<byte[]> raw = io.sockudo.kv.kernel.util.SplitArgs.split(line.getBytes(StandardCharsets.UTF_8));
        if (raw == null) {
            return null;
        }
        List<String> args = new ArrayList<>(raw.size());
        for (byte[] a : raw) {
            args.add(new String(a, StandardCharsets.UTF_8));
        }
        return args;
    }
}
