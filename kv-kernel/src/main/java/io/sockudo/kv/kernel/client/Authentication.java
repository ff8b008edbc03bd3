package io.sockudo.kv.kernel.client;

import io.sockudo.kv.kernel.config.ConfigRegistry;

/**
 * Whether clients must authenticate: {@code requirepass} is set. Cached from the configuration so
 * the per-command check is a field read.
 */
public final class Authentication {
    private volatile boolean required;

    public Authentication(ConfigRegistry config) {
        config.onChange("requirepass", v -> required = v != null && !v.isEmpty());
    }

    /** True when clients must AUTH before other commands. */
    public boolean required() {
        return required;
    }
}
