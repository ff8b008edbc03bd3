package io.sockudo.kv.kernel.client;

/**
 * Whether clients must authenticate: the ACL's {@code default} user is off or has a password
 * ({@code requirepass} sets it). The ACL keeps it current, so the per-command check and the
 * network layer's guards are a field read.
 */
public final class Authentication {
    private volatile boolean required;

    /** True when clients must AUTH before other commands. */
    public boolean required() {
        return required;
    }

    /** Set by the ACL whenever the default user changes. */
    public void required(boolean value) {
        this.required = value;
    }
}
