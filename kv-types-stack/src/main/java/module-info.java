/** Stack data types: JSON, TimeSeries, vector sets. */
module io.sockudo.kv.types.stack {
    requires io.sockudo.kv.spi;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.core;
    // Vector-set distance kernels, used only when the launcher adds the module (bin/sockudo-kv does).
    requires static jdk.incubator.vector;
    provides io.sockudo.kv.spi.KvModule with io.sockudo.kv.types.stack.StackTypesModule;
}
