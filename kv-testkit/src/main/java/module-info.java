/** Test support: start sockudo-kv in process or redis-server as a process, and talk raw RESP to either. */
module io.sockudo.kv.testkit {
    requires transitive io.sockudo.kv.kernel;
    exports io.sockudo.kv.testkit;
}
