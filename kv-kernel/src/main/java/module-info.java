/**
 * The sockudo-kv kernel: networking, RESP2/RESP3, command table and dispatch, keyspace, expiry,
 * configuration, Lua scripting and functions, modules and plugins. It knows no data-type family at compile time: it learns
 * every command and value type from the modules it finds.
 */
module io.sockudo.kv.kernel {
    requires transitive io.sockudo.kv.spi;
    requires io.netty.transport;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.codec;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.unix.common;
    // Not used directly: netty-handler reads it only as "requires static", so this puts the
    // tcnative classes in the boot layer for Netty's OpenSSL engine (tls.TlsContexts).
    requires io.netty.tcnative.classes.openssl;
    requires org.slf4j;
    requires pf4j;
    requires org.luaj.jse;
    requires java.management;
    // com.sun.management.HotSpotDiagnosticMXBean: G1's region size (util.HeapFacts)
    requires jdk.management;
    // sun.misc.Signal: SIGTERM and SIGINT handled apart (shutdown-on-sigterm / shutdown-on-sigint)
    requires jdk.unsupported;
    // The test kit saves and loads modules' aux data in process (a restart without files).
    exports io.sockudo.kv.kernel.module to io.sockudo.kv.testkit;

    exports io.sockudo.kv.kernel;
    // The test kit observes the propagation stream (what AOF and replicas receive) in process.
    exports io.sockudo.kv.kernel.propagation to io.sockudo.kv.testkit;
    // the RDB format layer, for the interop tests that read and write files against redis-server
    exports io.sockudo.kv.kernel.persistence.rdb to io.sockudo.kv.testkit;
    // replication state (role, offsets) for the replication tests
    exports io.sockudo.kv.kernel.replication to io.sockudo.kv.testkit;

    uses io.sockudo.kv.spi.KvModule;
    // Every logger writes Redis's log format (no logging library besides slf4j-api).
    provides org.slf4j.spi.SLF4JServiceProvider with io.sockudo.kv.kernel.logging.RedisLogProvider;
    // Main names the provider in slf4j.provider, which slf4j instantiates by reflection.
    exports io.sockudo.kv.kernel.logging to org.slf4j;
}
