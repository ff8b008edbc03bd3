/** Full-text search (FT.*) over hashes and JSON documents. */
module io.sockudo.kv.search {
    requires io.sockudo.kv.spi;
    requires roaringbitmap;
    provides io.sockudo.kv.spi.KvModule with io.sockudo.kv.search.SearchModule;
}
