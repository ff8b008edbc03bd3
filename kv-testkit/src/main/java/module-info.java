/** Test support: start sockudo-kv in process or redis-server as a process, and talk raw RESP to either. */
module io.sockudo.kv.testkit {
    requires transitive io.sockudo.kv.kernel;
    // ValueTypeConformance is a JUnit 5 base class that families and plugins extend
    requires transitive org.junit.jupiter.api;
    requires java.management;
    exports io.sockudo.kv.testkit;
}
