package io.sockudo.kv.kernel.config;

import java.util.List;

/**
 * One configuration directive: {@code name arg...}, with where it came from for error messages.
 *
 * @param source the file path, or {@code "command line"}
 * @param line the 1-based line number in the file (0 for the command line)
 */
public record Directive(String name, List<String> args, String source, int line, String text) {
}
