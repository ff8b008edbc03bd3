/** Core data types: strings, bitmaps, lists, hashes, sets, sorted sets, geo, HyperLogLog, streams. */
module io.sockudo.kv.types.core {
    requires io.sockudo.kv.spi;

    provides io.sockudo.kv.spi.KvModule with io.sockudo.kv.types.core.CoreTypesModule;
}
