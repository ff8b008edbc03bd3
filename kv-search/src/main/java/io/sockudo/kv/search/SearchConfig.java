package io.sockudo.kv.search;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The module's run-time configuration (FT.CONFIG GET/SET), with RediSearch's option names and
 * defaults. Values are read on every query, so FT.CONFIG SET applies to the next one.
 */
public final class SearchConfig {
    public volatile int minPrefix = 2;
    public volatile int maxExpansions = 200;
    public volatile long timeoutMs = 500;
    /** RETURN (partial results) or FAIL. */
    public volatile String onTimeout = "return";
    public volatile int defaultDialect = 2;
    public volatile long maxSearchResults = 1_000_000;
    public volatile long maxAggregateResults = -1;
    public volatile long cursorMaxIdle = 300_000;
    public volatile long cursorReadSize = 1000;
    public volatile int minPhoneticTermLen = 3;
    public volatile long gcScanSize = 100;
    public volatile boolean noGc = false;
    public volatile long forkGcRunInterval = 30;
    public volatile int minStemLen = 4;
    public volatile long maxDocTableSize = 1_000_000;
    public volatile long unionIteratorHeap = 20;
    public volatile int workerThreads = 0;
    public volatile String extLoad = "";
    public volatile String frisoIni = "";
    public volatile boolean safeMode = false;
    public volatile boolean concurrentWriteMode = false;
    public volatile boolean noMemPools = false;
    public volatile long tieredHnswBufferLimit = 1024;
    public volatile long vssMaxResize = 0;
    public volatile boolean multiTextSlop = true;

    /** Current values, in RediSearch's FT.CONFIG GET order. */
    public Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("EXTLOAD", extLoad.isEmpty() ? null : extLoad);
        m.put("SAFEMODE", safeMode ? "true" : "false");
        m.put("CONCURRENT_WRITE_MODE", concurrentWriteMode ? "true" : "false");
        m.put("NOGC", noGc ? "true" : "false");
        m.put("MINPREFIX", Integer.toString(minPrefix));
        m.put("FORKGC_SLEEP_BEFORE_EXIT", "0");
        m.put("MAXDOCTABLESIZE", Long.toString(maxDocTableSize));
        m.put("MAXSEARCHRESULTS", maxSearchResults < 0 ? "unlimited" : Long.toString(maxSearchResults));
        m.put("MAXAGGREGATERESULTS", maxAggregateResults < 0 ? "unlimited" : Long.toString(maxAggregateResults));
        m.put("MAXEXPANSIONS", Integer.toString(maxExpansions));
        m.put("MAXPREFIXEXPANSIONS", Integer.toString(maxExpansions));
        m.put("TIMEOUT", Long.toString(timeoutMs));
        m.put("INDEX_THREADS", "8");
        m.put("SEARCH_THREADS", "20");
        m.put("WORKER_THREADS", Integer.toString(workerThreads));
        m.put("MIN_OPERATION_WORKERS", "4");
        m.put("TIERED_HNSW_BUFFER_LIMIT", Long.toString(tieredHnswBufferLimit));
        m.put("FRISOINI", frisoIni.isEmpty() ? null : frisoIni);
        m.put("MAXSEARCHRESULTS_ALIAS", null);
        m.remove("MAXSEARCHRESULTS_ALIAS");
        m.put("ON_TIMEOUT", onTimeout);
        m.put("GCSCANSIZE", Long.toString(gcScanSize));
        m.put("MIN_PHONETIC_TERM_LEN", Integer.toString(minPhoneticTermLen));
        m.put("GC_POLICY", "fork");
        m.put("FORK_GC_RUN_INTERVAL", Long.toString(forkGcRunInterval));
        m.put("FORK_GC_CLEAN_THRESHOLD", "100");
        m.put("FORK_GC_RETRY_INTERVAL", "5");
        m.put("FORK_GC_CLEAN_NUMERIC_EMPTY_NODES", "true");
        m.put("_FORK_GC_CLEAN_NUMERIC_EMPTY_NODES", "true");
        m.put("_MAX_RESULTS_TO_UNSORTED_MODE", "1000");
        m.put("UNION_ITERATOR_HEAP", Long.toString(unionIteratorHeap));
        m.put("CURSOR_MAX_IDLE", Long.toString(cursorMaxIdle));
        m.put("NO_MEM_POOLS", noMemPools ? "true" : "false");
        m.put("PARTIAL_INDEXED_DOCS", "false");
        m.put("UPGRADE_INDEX", "Upgrade config for upgrading");
        m.put("_NUMERIC_COMPRESS", "false");
        m.put("_FREE_RESOURCE_ON_THREAD", "true");
        m.put("_PRINT_PROFILE_CLOCK", "true");
        m.put("RAW_DOCID_ENCODING", "false");
        m.put("_NUMERIC_RANGES_PARENTS", "0");
        m.put("DEFAULT_DIALECT", Integer.toString(defaultDialect));
        m.put("VSS_MAX_RESIZE", Long.toString(vssMaxResize));
        m.put("CURSOR_READ_SIZE", Long.toString(cursorReadSize));
        m.put("MULTI_TEXT_SLOP", multiTextSlop ? "true" : "false");
        return m;
    }

    /** Sets an option; returns null on success or the error text. */
    public synchronized String set(String name, String value) {
        String n = name.toUpperCase(Locale.ROOT);
        try {
            switch (n) {
                case "MINPREFIX" -> minPrefix = (int) positive(value);
                case "MAXEXPANSIONS", "MAXPREFIXEXPANSIONS" -> maxExpansions = (int) positive(value);
                case "TIMEOUT" -> timeoutMs = nonNegative(value);
                case "ON_TIMEOUT" -> {
                    String v = value.toLowerCase(Locale.ROOT);
                    if (!v.equals("return") && !v.equals("fail")) {
                        return "Invalid ON_TIMEOUT value";
                    }
                    onTimeout = v;
                }
                case "DEFAULT_DIALECT" -> {
                    long d = Long.parseLong(value);
                    if (d < 1 || d > 4) {
                        return "DEFAULT_DIALECT requires a non negative integer >=1 and <= 4";
                    }
                    defaultDialect = (int) d;
                }
                case "MAXSEARCHRESULTS" -> maxSearchResults = limitValue(value);
                case "MAXAGGREGATERESULTS" -> maxAggregateResults = limitValue(value);
                case "CURSOR_MAX_IDLE" -> cursorMaxIdle = positive(value);
                case "CURSOR_READ_SIZE" -> cursorReadSize = positive(value);
                case "MIN_PHONETIC_TERM_LEN" -> minPhoneticTermLen = (int) positive(value);
                case "GCSCANSIZE" -> gcScanSize = positive(value);
                case "FORK_GC_RUN_INTERVAL" -> forkGcRunInterval = positive(value);
                case "UNION_ITERATOR_HEAP" -> unionIteratorHeap = positive(value);
                case "WORKER_THREADS" -> workerThreads = (int) nonNegative(value);
                case "TIERED_HNSW_BUFFER_LIMIT" -> tieredHnswBufferLimit = nonNegative(value);
                case "VSS_MAX_RESIZE" -> vssMaxResize = nonNegative(value);
                case "FORK_GC_CLEAN_THRESHOLD", "FORK_GC_RETRY_INTERVAL", "_MAX_RESULTS_TO_UNSORTED_MODE",
                     "_NUMERIC_RANGES_PARENTS", "FORKGC_SLEEP_BEFORE_EXIT" -> nonNegative(value);
                case "NOGC", "SAFEMODE", "CONCURRENT_WRITE_MODE", "NO_MEM_POOLS", "EXTLOAD", "FRISOINI",
                     "MAXDOCTABLESIZE", "GC_POLICY", "INDEX_THREADS", "SEARCH_THREADS", "UPGRADE_INDEX",
                     "RAW_DOCID_ENCODING", "PARTIAL_INDEXED_DOCS", "MIN_OPERATION_WORKERS" ->
                        {
                            return "Not modifiable at runtime";
                        }
                case "FORK_GC_CLEAN_NUMERIC_EMPTY_NODES", "_FORK_GC_CLEAN_NUMERIC_EMPTY_NODES", "_NUMERIC_COMPRESS",
                     "_FREE_RESOURCE_ON_THREAD", "_PRINT_PROFILE_CLOCK" -> bool(value);
                case "MULTI_TEXT_SLOP" -> multiTextSlop = bool(value);
                default -> {
                    return "Invalid option";
                }
            }
        } catch (NumberFormatException e) {
            return "Could not convert argument to expected type";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }

    private static long positive(String v) {
        long l = Long.parseLong(v);
        if (l <= 0) {
            throw new IllegalArgumentException("Value is outside acceptable bounds");
        }
        return l;
    }

    private static long nonNegative(String v) {
        long l = Long.parseLong(v);
        if (l < 0) {
            throw new IllegalArgumentException("Value is outside acceptable bounds");
        }
        return l;
    }

    private static long limitValue(String v) {
        if (v.equalsIgnoreCase("unlimited") || v.equals("-1")) {
            return -1;
        }
        return nonNegative(v);
    }

    private static boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("Could not convert argument to expected type");
        };
    }

    /** LIMIT's ceiling for FT.SEARCH. */
    public long searchLimit() {
        return maxSearchResults < 0 ? Long.MAX_VALUE : maxSearchResults;
    }

    public long aggregateLimit() {
        return maxAggregateResults < 0 ? Long.MAX_VALUE : maxAggregateResults;
    }
}
