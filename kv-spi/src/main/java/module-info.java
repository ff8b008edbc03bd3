/**
 * The sockudo-kv service provider interface: the only API a data-type family or a third-party
 * plugin compiles against. It depends on nothing outside the JDK.
 */
module io.sockudo.kv.spi {
    // com.sun.management.HotSpotDiagnosticMXBean: G1's region size (HeapArrays)
    requires jdk.management;
    exports io.sockudo.kv.spi;
}
