#!/usr/bin/env bash
# What bench/json.sh and bench/json-ab.sh share (sourced after bench/lib.sh): the 1 KB document,
# the command line of each JSON test on sockudo-kv and the redis-server command it is compared
# with, and json_run, which sends a test's command line with the document in place of DOC.

# A 1 KB document in its compact form: nested objects, an array of objects, strings, integers,
# floats, booleans and null.
DOC="$(tr -d '\n' <<'JSON'
{"id":"5f8d0d55b54764421b7156c3","user":{"name":"Alice Johnson","email":"alice.johnson@example.com",
"age":34,"verified":true,"address":{"street":"42 Wallaby Way","city":"Sydney","zip":"2000","country":"AU"}},
"stats":{"views":1024,"likes":87,"shares":12,"rating":4.75,"last_seen":null},
"tags":["travel","photography","food","hiking","coffee"],
"items":[{"sku":"A-1001","title":"Waterproof hiking boots","qty":1,"price":129.99,"in_stock":true},
{"sku":"B-2002","title":"Trail running socks, pack of 3","qty":2,"price":24.5,"in_stock":true},
{"sku":"C-3003","title":"Insulated stainless steel bottle","qty":1,"price":34.95,"in_stock":false}],
"notes":"Prefers morning deliveries; leave parcels with the concierge at the front desk if nobody answers.",
"created":"2024-03-18T09:14:07Z","updated":"2024-11-02T17:45:31Z","active":true,"score":98765,"ratio":0.8125,
"history":[{"event":"login","at":"2024-11-02T17:40:00Z"},{"event":"purchase","at":"2024-11-02T17:44:12Z"},
{"event":"logout","at":"2024-11-02T17:45:31Z"}],"flags":{"beta":false,"newsletter":true,"vip":true}}
JSON
)"

# Each test's command on sockudo-kv, and what redis-server runs for the same test.
declare -A KV_CMD=([json_set]="JSON.SET bench:json \$ DOC" [json_get]="JSON.GET bench:json"
  [numincrby]="JSON.NUMINCRBY bench:json \$.stats.views 1" [get_field]="JSON.GET bench:json \$.user.name"
  [str_set]="SET bench:str DOC" [str_get]="GET bench:str")
declare -A REDIS_CMD=([json_set]="SET bench:str DOC" [json_get]="GET bench:str"
  [numincrby]="SET bench:str DOC" [get_field]="GET bench:str" [str_set]="SET bench:str DOC" [str_get]="GET bench:str")

json_run() { # port pid pipeline n "command words" (DOC stands for the document)
  local words=() w
  for w in $5; do
    if [ "$w" = "DOC" ]; then words+=("$DOC"); else words+=("$w"); fi
  done
  bench_cmd "$1" "$2" "$3" "$4" "${words[@]}"
}
