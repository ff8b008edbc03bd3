package io.sockudo.kv.kernel.module;

import io.sockudo.kv.spi.ActiveExpireHook;
import io.sockudo.kv.spi.ActiveExpireScope;
import io.sockudo.kv.spi.ConfigOption;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.InfoProvider;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.KeyspaceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Wrappers that keep a module's failure inside the module: every call the kernel makes into module
 * code outside a command handler (keyspace listeners, INFO sections, config validators, active
 * expire hooks) goes through one of these. An exception or {@code Error} is logged with its stack
 * trace and the module's name, counted ({@link #failures}), and the kernel goes on as if the call
 * had done nothing: the write that fired the event still succeeds, INFO still answers, the expire
 * cycle still runs the other hooks. Handlers are guarded by the command runner instead.
 *
 * <p>A module failing on every call would flood the log: the first {@link #LOGGED_WITH_TRACE}
 * failures of each wrapper are logged with their stack trace, then one line per
 * {@link #LOG_EVERY} failures.
 */
final class Guarded {
    private static final Logger LOG = LoggerFactory.getLogger(Guarded.class);
    static final int LOGGED_WITH_TRACE = 10;
    static final int LOG_EVERY = 10_000;

    private final String module;
    private final String what;
    private final AtomicLong failures;

    private Guarded(String module, String what, AtomicLong failures) {
        this.module = module;
        this.what = what;
        this.failures = failures;
    }

    /** Records and logs one failure. */
    void failed(Throwable e) {
        long n = failures.incrementAndGet();
        if (n <= LOGGED_WITH_TRACE) {
            LOG.error("module {}: {} failed", module, what, e);
        } else if (n % LOG_EVERY == 0) {
            LOG.error("module {}: {} failed ({} failures so far): {}", module, what, n, e.toString());
        }
    }

    static KeyspaceListener listener(String module, KeyspaceListener l, AtomicLong failures) {
        return new GuardedListener(new Guarded(module, "keyspace listener " + l.getClass().getName(), failures), l);
    }

    static InfoProvider info(String module, String section, InfoProvider p, AtomicLong failures) {
        Guarded g = new Guarded(module, "INFO section '" + section + "'", failures);
        return field -> {
            // Collected first: a provider that fails half-way adds no half section.
            List<String[]> fields = new ArrayList<>();
            try {
                p.fields((k, v) -> fields.add(new String[] {k, v}));
            } catch (Throwable e) {
                g.failed(e);
                field.accept("module_info_error", e.getClass().getName());
                return;
            }
            for (String[] f : fields) {
                field.accept(f[0], f[1]);
            }
        };
    }

    static ActiveExpireHook expireHook(String module, ActiveExpireHook h, AtomicLong failures) {
        Guarded g = new Guarded(module, "active expire hook " + h.getClass().getName(), failures);
        return new ActiveExpireHook() {
            @Override
            public void run(ActiveExpireScope scope) {
                try {
                    h.run(scope);
                } catch (Throwable e) {
                    g.failed(e);
                }
            }
        };
    }

    /** The option with its validator guarded: a validator that throws refuses the value, with the reason. */
    static ConfigOption option(String module, ConfigOption o, AtomicLong failures) {
        Guarded g = new Guarded(module, "validator of config option '" + o.name() + "'", failures);
        java.util.function.Function<String, String> v = o.validator();
        return new ConfigOption(o.name(), o.aliases(), o.defaultValue(), value -> {
            try {
                return v.apply(value);
            } catch (Throwable e) {
                g.failed(e);
                return "module '" + module + "' failed to validate the value: " + e;
            }
        }, o.mutable(), o.memory());
    }

    /** A keyspace listener whose failures stay inside its module. */
    private static final class GuardedListener implements KeyspaceListener {
        private final Guarded guard;
        private final KeyspaceListener l;

        GuardedListener(Guarded guard, KeyspaceListener l) {
            this.guard = guard;
            this.l = l;
        }

        @Override
        public void onEvent(Keyspace db, EventClass eventClass, String event, byte[] key) {
            try {
                l.onEvent(db, eventClass, event, key);
            } catch (Throwable e) {
                guard.failed(e);
            }
        }

        @Override
        public boolean wantsEvents() {
            try {
                return l.wantsEvents();
            } catch (Throwable e) {
                guard.failed(e);
                return true; // a listener that cannot say gets every event, as before SPI 1.4
            }
        }

        @Override
        public void attach(Runnable interestChanged) {
            try {
                l.attach(interestChanged);
            } catch (Throwable e) {
                guard.failed(e);
            }
        }

        @Override
        public void onFlush(int db) {
            try {
                l.onFlush(db);
            } catch (Throwable e) {
                guard.failed(e);
            }
        }

        @Override
        public void onSwap(int db1, int db2) {
            try {
                l.onSwap(db1, db2);
            } catch (Throwable e) {
                guard.failed(e);
            }
        }

        @Override
        public void onReplaced(int db) {
            try {
                l.onReplaced(db);
            } catch (Throwable e) {
                guard.failed(e);
            }
        }

        @Override
        public void onLoaded(Keyspace db, byte[] key, KvValue value) {
            try {
                l.onLoaded(db, key, value);
            } catch (Throwable e) {
                guard.failed(e);
            }
        }
    }
}
