package io.sockudo.kv.spi;

/**
 * Active expiry of things only a module knows about, such as hash fields with a TTL: the kernel's
 * active expire cycle (about {@code hz} times a second, see {@code ActiveExpireCycle}) calls every
 * registered hook once per database it visits, after expiring that database's keys, while time is
 * left in the cycle's budget. Register with {@link ModuleRegistry#activeExpireHook}.
 *
 * <p>The hook runs on the kernel's expiry thread holding no lock. It must touch keys only inside
 * {@link ActiveExpireScope#withKey}, which holds the key's lock, and should return soon after
 * {@link ActiveExpireScope#timeUp()} turns true (remembering where to resume next time).
 */
@FunctionalInterface
public interface ActiveExpireHook {
    /** One bounded round of active expiry in {@code scope.db()}. */
    void run(ActiveExpireScope scope);
}
