package io.sockudo.kv.spi;

/** What a command handler may know about the calling client. */
public interface ClientView {
    /** The client id, as {@code CLIENT ID} prints it. */
    long id();

    /** The connection name set with {@code CLIENT SETNAME}/{@code HELLO SETNAME}, or null. */
    String name();

    /** The selected database number. */
    int db();

    /** 2 or 3. */
    int protocol();
}
