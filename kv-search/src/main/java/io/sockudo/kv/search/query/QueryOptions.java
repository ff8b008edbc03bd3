package io.sockudo.kv.search.query;

/** The FT.SEARCH / FT.AGGREGATE options that change how a query is evaluated. */
public final class QueryOptions {
    /** No stem (or synonym, phonetic) expansion. */
    public boolean verbatim;
    /** Global SLOP (-1: none). */
    public int slop = -1;
    /** Global INORDER. */
    public boolean inOrder;
    /** INFIELDS as a TEXT field mask (-1: all). */
    public long inFields = QueryNode.ALL_FIELDS;
    /** Query language (stemming applies to english). */
    public String language = "english";
    /** MAXEXPANSIONS for prefix, suffix, fuzzy and wildcard terms. */
    public int maxExpansions = 200;
    /** MINPREFIX: shortest prefix/suffix/contains string accepted. */
    public int minPrefix = 2;
    /** Deadline in System.nanoTime() units; Long.MAX_VALUE = none. */
    public long deadline = Long.MAX_VALUE;
}
