package io.sockudo.kv.kernel.client;

/**
 * The ACL user a connection runs as, as the client layer sees it: a name (CLIENT LIST's
 * {@code user=}, CLIENT KILL USER). The {@code acl} subsystem owns the users and their rules.
 */
public interface ClientUser {
    String name();
}
