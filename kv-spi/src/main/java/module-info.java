/**
 * The sockudo-kv service provider interface: the only API a data-type family or a third-party
 * plugin compiles against. It depends on nothing outside the JDK.
 */
module io.sockudo.kv.spi {
    exports io.sockudo.kv.spi;
}
