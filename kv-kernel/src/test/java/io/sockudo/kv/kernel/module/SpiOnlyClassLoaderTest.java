package io.sockudo.kv.kernel.module;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SpiOnlyClassLoaderTest {
    private final ClassLoader host = SpiOnlyClassLoaderTest.class.getClassLoader();
    private final SpiOnlyClassLoader loader = new SpiOnlyClassLoader(host);

    @Test
    void seesTheSpiPf4jSlf4jAndTheJdk() throws ClassNotFoundException {
        assertSame(io.sockudo.kv.spi.KvModule.class, loader.loadClass("io.sockudo.kv.spi.KvModule"));
        assertSame(org.pf4j.Plugin.class, loader.loadClass("org.pf4j.Plugin"));
        assertSame(org.slf4j.Logger.class, loader.loadClass("org.slf4j.Logger"));
        assertSame(String.class, loader.loadClass("java.lang.String"));
        assertEquals("java.sql.Connection", loader.loadClass("java.sql.Connection").getName());
    }

    @Test
    void doesNotSeeServerInternals() throws IOException {
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.sockudo.kv.kernel.Kernel"));
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.netty.channel.Channel"));
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.sockudo.kv.spiX.Fake"));
        // the server's service files stay hidden, so ServiceLoader on a plugin sees only the plugin's
        assertFalse(loader.getResources("META-INF/services/io.sockudo.kv.spi.KvModule").hasMoreElements());
        assertNull(loader.getResource("io/sockudo/kv/kernel/Kernel.class"));
    }
}
