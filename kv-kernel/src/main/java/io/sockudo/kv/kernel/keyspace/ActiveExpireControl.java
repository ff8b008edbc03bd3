package io.sockudo.kv.kernel.keyspace;

/** Whether the active expire cycle runs: DEBUG SET-ACTIVE-EXPIRE 0|1 turns it off and on. */
public final class ActiveExpireControl {
    private volatile boolean enabled = true;

    public boolean enabled() {
        return enabled;
    }

    public void enabled(boolean value) {
        this.enabled = value;
    }
}
