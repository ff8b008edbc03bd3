package io.sockudo.kv.kernel.module;

import io.sockudo.kv.spi.ActiveExpireHook;
import io.sockudo.kv.spi.InfoProvider;
import io.sockudo.kv.spi.KeyspaceListener;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every method of a plugin-implemented SPI interface that {@link Guarded} wraps must be forwarded
 * by the wrapper: a new default method the wrapper does not override would silently run the
 * default (doing nothing) instead of the plugin's code — as {@code onLoaded} once did.
 */
class GuardedCoverageTest {
    @Test
    void wrappersForwardEveryMethod() {
        int checked = 0;
        for (Class<?> iface : List.of(KeyspaceListener.class, InfoProvider.class, ActiveExpireHook.class)) {
            for (Class<?> wrapper : Guarded.class.getDeclaredClasses()) {
                if (!iface.isAssignableFrom(wrapper)) {
                    continue;
                }
                checked++;
                List<String> missing = new ArrayList<>();
                for (Method m : iface.getMethods()) {
                    if (Modifier.isStatic(m.getModifiers())) {
                        continue;
                    }
                    try {
                        wrapper.getDeclaredMethod(m.getName(), m.getParameterTypes());
                    } catch (NoSuchMethodException e) {
                        missing.add(m.getName());
                    }
                }
                assertEquals(List.of(), missing, wrapper.getSimpleName() + " does not forward these " + iface.getSimpleName()
                        + " methods");
            }
        }
        assertEquals(true, checked > 0, "no wrapper found: the test would check nothing");
    }
}
