# redis-py's search helpers (redis.commands.search, as Debian's python3-redis 4.3 ships them) against
# sockudo-kv: every reply must parse, and the printed results are compared by SearchRedisPyTest.
import redis, struct, sys
from redis.commands.search.field import TextField, NumericField, TagField, GeoField, VectorField
from redis.commands.search.indexDefinition import IndexDefinition, IndexType
from redis.commands.search.query import Query, NumericFilter
from redis.commands.search import aggregation as agg
from redis.commands.search import reducers
port = int(sys.argv[1])
r = redis.Redis(port=port, decode_responses=True)
r.flushall()
ft = r.ft("pyidx")
ft.create_index([TextField("title", weight=2.0), TextField("body"), NumericField("price", sortable=True),
                 TagField("tags"), GeoField("loc"),
                 VectorField("v", "FLAT", {"TYPE": "FLOAT32", "DIM": 2, "DISTANCE_METRIC": "L2"})],
                definition=IndexDefinition(prefix=["p:"], index_type=IndexType.HASH))
rb = redis.Redis(port=port)
for i in range(20):
    rb.hset("p:%d" % i, mapping={"title": "item %d %s" % (i, "red" if i % 2 else "blue"), "body": "some body text",
            "price": i * 10, "tags": "a,b" if i % 3 == 0 else "c", "loc": "%f,%f" % (-122 + i * 0.01, 37),
            "v": struct.pack("<2f", i, i)})
res = ft.search(Query("red").sort_by("price").paging(0, 5).with_scores().return_fields("title"))
print("total", res.total, [d.id for d in res.docs], [round(d.score, 3) for d in res.docs])
res = ft.search(Query("@price:[50 100]").return_fields("title", "price").sort_by("price", asc=False))
print("numeric", res.total, [(d.id, d.title, d.price) for d in res.docs])
res = ft.search(Query("*").add_filter(NumericFilter("price", 0, 30)).no_content())
print("filter", res.total, sorted(d.id for d in res.docs))
res = ft.search(Query("@tags:{a}").return_fields("title").highlight(fields=["title"]).summarize(fields=["title"]))
print("tags", res.total, [d.title for d in res.docs][:3])
q = Query("*=>[KNN 3 @v $vec AS dist]").sort_by("dist").return_fields("dist").dialect(2)
res = ft.search(q, query_params={"vec": struct.pack("<2f", 5.1, 5.1)})
print("knn", [(d.id, d.dist) for d in res.docs])
req = agg.AggregateRequest("*").group_by("@tags", reducers.count().alias("n"), reducers.avg("@price").alias("avg")).sort_by(agg.Desc("@n"))
res = ft.aggregate(req)
print("agg", res.rows)
req = agg.AggregateRequest("*").load("@price").apply(double="@price*2").filter("@double > 300").limit(0, 3)
print("apply", ft.aggregate(req).rows)
req = agg.AggregateRequest("*").load("@title").cursor(count=5)
res = ft.aggregate(req)
n = len(res.rows)
while res.cursor and res.cursor.cid:
    res = ft.aggregate(res.cursor)
    n += len(res.rows)
print("cursor rows", n)
info = ft.info()
print("info", info["index_name"], info["num_docs"], info["indexing"], len(info["attributes"]))
print("explain", ft.explain("red|blue").replace("\n", " ")[:80])
ft.aliasadd("pyalias"); print("alias", r.ft("pyalias").search(Query("red").no_content()).total)
print("spell", ft.spellcheck("rad"))
ft.dict_add("d", "foo", "bar"); print("dict", ft.dict_dump("d"))
ft.synupdate("g", False, "red", "crimson"); print("syn", ft.syndump())
print("tagvals", sorted(ft.tagvals("tags")))
print("config", ft.config_get("TIMEOUT"))
from redis.commands.search.suggestion import Suggestion
ft.sugadd("sug", Suggestion("hello world", 1.0), Suggestion("help", 2.0)); print("sug", [s.string for s in ft.sugget("sug", "hel")], ft.suglen("sug"))
res = ft.profile(Query("red").return_fields("title"))
print("profile", res[0].total, type(res[1]).__name__)
ft.dropindex(delete_documents=True); print("dropped", r.dbsize(), r.execute_command("FT._LIST"))
