package io.sockudo.kv.search.query;

import java.util.ArrayList;
import java.util.List;

/**
 * The parsed form of a dialect-2 query: one node type per construct of the language. Nodes carry
 * the query attributes ({@code => { $weight: ...; $slop: ...; }}) and, for text nodes, the mask
 * of TEXT fields they may match ({@code @f:}, {@code @f|g:}, INFIELDS).
 */
public abstract class QueryNode {
    /** All TEXT fields. */
    public static final long ALL_FIELDS = -1L;

    public double weight = 1.0;
    /** Mask of TEXT field ids; narrowed by every field modifier above the node. */
    public long fieldMask = ALL_FIELDS;
    /** Whether phonetic expansion applies ($phonetic); null = default. */
    public Boolean phonetic;

    /** Narrows this node (and its children) to {@code mask}. */
    void restrict(long mask) {
        fieldMask &= mask;
        for (QueryNode c : children()) {
            c.restrict(mask);
        }
    }

    public List<QueryNode> children() {
        return List.of();
    }

    // ------------------------------------------------------------------ node types

    /** Every document ({@code *}). */
    public static final class All extends QueryNode {
    }

    /** Matches nothing (a query of stop words only, an unknown field...). */
    public static final class None extends QueryNode {
    }

    /** A term, expanded to its stem, synonyms and phonetic code unless verbatim. */
    public static final class Term extends QueryNode {
        public final String text;
        public final boolean verbatim;

        public Term(String text, boolean verbatim) {
            this.text = text;
            this.verbatim = verbatim;
        }
    }

    /** Documents matching all children; exact (quoted) phrases also need consecutive positions. */
    public static final class Intersect extends QueryNode {
        public final List<QueryNode> nodes = new ArrayList<>();
        public boolean exact;
        /** Maximum number of other words between the terms; -1 = no constraint. */
        public int slop = -1;
        public boolean inOrder;
        public boolean inOrderSet;

        @Override
        public List<QueryNode> children() {
            return nodes;
        }
    }

    /** Documents matching any child. */
    public static final class Union extends QueryNode {
        public final List<QueryNode> nodes = new ArrayList<>();

        @Override
        public List<QueryNode> children() {
            return nodes;
        }
    }

    /** Documents not matching the child. */
    public static final class Not extends QueryNode {
        public final QueryNode child;

        public Not(QueryNode child) {
            this.child = child;
        }

        @Override
        public List<QueryNode> children() {
            return List.of(child);
        }
    }

    /** The child is optional: it only adds to the score. */
    public static final class Optional extends QueryNode {
        public final QueryNode child;

        public Optional(QueryNode child) {
            this.child = child;
        }

        @Override
        public List<QueryNode> children() {
            return List.of(child);
        }
    }

    /** Terms starting with ({@code foo*}), ending with ({@code *foo}) or containing ({@code *foo*}) a string. */
    public static final class Affix extends QueryNode {
        public final String text;
        public final boolean prefix;
        public final boolean suffix;

        public Affix(String text, boolean prefix, boolean suffix) {
            this.text = text;
            this.prefix = prefix;
            this.suffix = suffix;
        }

        boolean contains() {
            return prefix && suffix;
        }
    }

    /** Terms within a Levenshtein distance ({@code %foo%}). */
    public static final class Fuzzy extends QueryNode {
        public final String text;
        public final int distance;

        public Fuzzy(String text, int distance) {
            this.text = text;
            this.distance = distance;
        }
    }

    /** Terms matching a glob ({@code w'fo*o?'}). */
    public static final class Wildcard extends QueryNode {
        public final String pattern;

        public Wildcard(String pattern) {
            this.pattern = pattern;
        }
    }

    /** A NUMERIC range. */
    public static final class Numeric extends QueryNode {
        public final String field;
        public final double min;
        public final double max;
        public final boolean minExclusive;
        public final boolean maxExclusive;

        public Numeric(String field, double min, boolean minExclusive, double max, boolean maxExclusive) {
            this.field = field;
            this.min = min;
            this.max = max;
            this.minExclusive = minExclusive;
            this.maxExclusive = maxExclusive;
        }
    }

    /** A GEO radius. */
    public static final class Geo extends QueryNode {
        public final String field;
        public final double lon;
        public final double lat;
        public final double radius;
        public final String unit;

        public Geo(String field, double lon, double lat, double radius, String unit) {
            this.field = field;
            this.lon = lon;
            this.lat = lat;
            this.radius = radius;
            this.unit = unit;
        }
    }

    /** One alternative of a tag list. */
    public record TagValue(String text, boolean prefix, boolean suffix, boolean wildcard) {
    }

    /** A TAG list ({@code @f:{a | b*}}). */
    public static final class Tag extends QueryNode {
        public final String field;
        public final List<TagValue> values = new ArrayList<>();

        public Tag(String field) {
            this.field = field;
        }
    }

    /** Documents without a value in the field ({@code ismissing(@f)}). */
    public static final class Missing extends QueryNode {
        public final String field;

        public Missing(String field) {
            this.field = field;
        }
    }

    /** Documents whose TEXT/TAG value is empty ({@code isempty(@f)}, {@code @f:""} with INDEXEMPTY). */
    public static final class Empty extends QueryNode {
        public final String field;

        public Empty(String field) {
            this.field = field;
        }
    }

    /** A vector query: KNN (with an optional filter child) or a VECTOR_RANGE. */
    public static final class Vector extends QueryNode {
        public final String field;
        public final boolean knn;
        public final int k;
        public final double radius;
        public final byte[] blob;
        /** The name the distance is returned under. */
        public String scoreField;
        public int efRuntime;
        public double epsilon = -1;
        public String hybridPolicy;
        public int batchSize;
        /** KNN's filter query, or null. */
        public QueryNode filter;
        /** Offsets for "Unknown field" errors. */
        public int fieldOffset;

        public Vector(String field, boolean knn, int k, double radius, byte[] blob) {
            this.field = field;
            this.knn = knn;
            this.k = k;
            this.radius = radius;
            this.blob = blob;
        }

        @Override
        public List<QueryNode> children() {
            return filter == null ? List.of() : List.of(filter);
        }
    }
}
