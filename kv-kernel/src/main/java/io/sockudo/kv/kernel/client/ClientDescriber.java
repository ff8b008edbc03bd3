package io.sockudo.kv.kernel.client;

/** Renders a client as its CLIENT LIST line (for log lines such as the output-limit warning). */
@FunctionalInterface
public interface ClientDescriber {
    String describe(Client client);
}
