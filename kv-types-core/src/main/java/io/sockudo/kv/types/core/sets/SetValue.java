package io.sockudo.kv.types.core.sets;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.Decimal;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.types.core.common.SetMembers;
import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.spi.ValueType;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A set value in one of Redis 7.0's two encodings:
 * <ul>
 *   <li>{@code intset}: every member is a canonical 64-bit integer and there are at most
 *       {@code set-max-intset-entries} of them; kept packed and sorted in an {@link IntSet}, so
 *       iteration is in ascending numeric order exactly as Redis's intset.</li>
 *   <li>{@code hashtable}: anything else, kept in a {@link MemberTable} (open addressing, one
 *       {@code byte[]} per member). Like Redis, a set never converts back to an intset.</li>
 * </ul>
 *
 * <p>Public read API (for SORT and other families): {@link #size()}, {@link #contains(byte[])},
 * and index iteration: {@code for (int i = s.next(0); i >= 0; i = s.next(i + 1))} with
 * {@link #memberAt(int)} (or {@link #isIntset()} + {@link #intAt(int)} to avoid formatting
 * integers). Indexes are valid until the set is next modified. New values are made with
 * {@link #builder(long)}.
 */
public final class SetValue implements KvValue, SetMembers {
    /** The intset members (sorted ascending); null in hashtable mode. */
    private IntSet ints;
    /** The hashtable members; null in intset mode. */
    private MemberTable table;

    private SetValue(IntSet ints, MemberTable table) {
        this.ints = ints;
        this.table = table;
    }

    /** An empty set in the intset encoding (Redis's {@code createIntsetObject}). */
    static SetValue emptyIntset() {
        return new SetValue(new IntSet(), null);
    }

    /** An empty set in the hashtable encoding (Redis's {@code createSetObject}). */
    static SetValue emptyTable(int expected) {
        return new SetValue(null, new MemberTable(expected));
    }

    /**
     * An empty set for a first member, as Redis's {@code setTypeCreate}: intset when the member
     * is an integer, hashtable otherwise.
     */
    static SetValue createFor(byte[] firstMember) {
        return Args.isLong(firstMember) ? emptyIntset() : emptyTable(0);
    }

    /** A builder that applies the encoding rules with the given {@code set-max-intset-entries}. */
    public static Builder builder(long maxIntsetEntries) {
        return new Builder(maxIntsetEntries);
    }

    /** Builds a set value member by member; duplicates are ignored. */
    public static final class Builder {
        private final long maxIntset;
        private final SetValue set = emptyIntset();

        private Builder(long maxIntset) {
            this.maxIntset = maxIntset;
        }

        /** Adds a member (kept by reference: the array must not be modified afterwards). */
        public Builder add(byte[] member) {
            set.add(member, maxIntset);
            return this;
        }

        /** The number of distinct members added so far. */
        public int size() {
            return set.size();
        }

        /** The value (the builder must not be used afterwards). */
        public SetValue build() {
            return set;
        }
    }

    /** Number of members (SCARD). */
    public int size() {
        return table == null ? ints.size() : table.size();
    }

    /** True while the set uses the intset encoding (members then are the longs of {@link #intAt}). */
    public boolean isIntset() {
        return table == null;
    }

    /** True if {@code member} is in the set. */
    public boolean contains(byte[] member) {
        if (table != null) {
            return table.contains(member);
        }
        return Args.isLong(member) && indexOf(Args.parseLongUnchecked(member, 0, member.length)) >= 0;
    }

    /** True if the member whose text is the decimal form of {@code v} is in the set. */
    boolean containsLong(long v) {
        if (table == null) {
            return indexOf(v) >= 0;
        }
        return table.contains(Args.bytes(v));
    }

    private int indexOf(long v) {
        return ints.find(v);
    }

    /**
     * Adds a member, converting to a hashtable when the member is not an integer or the intset
     * grows past {@code maxIntset} (Redis's {@code setTypeAdd}). Returns false if it was present.
     * The array is kept by reference and must not be modified afterwards.
     */
    boolean add(byte[] member, long maxIntset) {
        if (table != null) {
            return table.add(member);
        }
        if (Args.isLong(member)) {
            return addLong(Args.parseLongUnchecked(member, 0, member.length), maxIntset);
        }
        toTable(1);
        return table.add(member);
    }

    /** Adds the integer member {@code v} (see {@link #add}). */
    boolean addLong(long v, long maxIntset) {
        if (table != null) {
            return table.add(Args.bytes(v));
        }
        if (!ints.add(v)) {
            return false;
        }
        if (ints.size() > maxIntset) {
            toTable(0);
        }
        return true;
    }

    /** Converts the intset to a hashtable with room for {@code extra} more members. */
    private void toTable(int extra) {
        int n = ints.size();
        MemberTable t = new MemberTable(n + extra);
        for (int i = 0; i < n; i++) {
            t.addNew(Args.bytes(ints.get(i)));
        }
        table = t;
        ints = null;
    }

    /** Removes a member; false if it was absent. */
    boolean remove(byte[] member) {
        if (table != null) {
            return table.remove(member);
        }
        if (!Args.isLong(member)) {
            return false;
        }
        int i = indexOf(Args.parseLongUnchecked(member, 0, member.length));
        if (i < 0) {
            return false;
        }
        ints.removeAt(i);
        return true;
    }

    /**
     * The first valid index at or after {@code from}, or -1. Intset indexes are positions in
     * ascending order; hashtable indexes are slots.
     */
    public int next(int from) {
        if (table == null) {
            return from < ints.size() ? from : -1;
        }
        int cap = table.capacity();
        for (int i = from; i < cap; i++) {
            if (table.slot(i) != null) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The member at a valid index: a new array for intset members, the stored array for hashtable
     * members (shared: never modify it).
     */
    public byte[] memberAt(int index) {
        return table == null ? Args.bytes(ints.get(index)) : table.slot(index);
    }

    /** The integer member at a valid index of an intset. */
    public long intAt(int index) {
        return ints.get(index);
    }

    /** Writes the member at a valid index as a bulk string. */
    void replyAt(ReplyWriter w, int index) {
        if (table == null) {
            w.bulkLong(ints.get(index));
        } else {
            w.bulk(table.slot(index));
        }
    }

    /** True if the member at {@code index} (of this set) is also in {@code other}. */
    boolean memberAtIn(int index, SetValue other) {
        return table == null ? other.containsLong(ints.get(index)) : other.contains(table.slot(index));
    }

    /** Adds the member at {@code index} of {@code src} to this set. */
    void addFrom(SetValue src, int index, long maxIntset) {
        if (src.table == null) {
            addLong(src.ints.get(index), maxIntset);
        } else {
            add(src.table.slot(index), maxIntset);
        }
    }

    /** Removes the member at {@code index} of {@code src} from this set; true if it was present. */
    boolean removeFrom(SetValue src, int index) {
        if (src.table == null) {
            long v = src.ints.get(index);
            if (table == null) {
                int i = indexOf(v);
                if (i < 0) {
                    return false;
                }
                ints.removeAt(i);
                return true;
            }
            return table.remove(Args.bytes(v));
        }
        return remove(src.table.slot(index));
    }

    /** A uniformly random valid index; the set must not be empty. */
    int randomIndex() {
        return table == null ? ThreadLocalRandom.current().nextInt(ints.size()) : table.randomSlot();
    }

    /** Removes the member at a valid index and returns it. */
    byte[] removeAt(int index) {
        if (table != null) {
            return table.removeSlot(index);
        }
        return Args.bytes(ints.removeAt(index));
    }

    /** A set over a loaded intset, converted when it exceeds {@code maxIntset} (RDB loading). */
    static SetValue ofIntSet(IntSet ints, long maxIntset) {
        SetValue v = new SetValue(ints, null);
        if (ints.size() > maxIntset) {
            v.toTable(0);
        }
        return v;
    }

    /** The intset, for serialization; null in hashtable mode. */
    IntSet intSet() {
        return ints;
    }

    /** The hashtable, for SSCAN; null in intset mode. */
    MemberTable table() {
        return table;
    }

    @Override
    public int memberCount() {
        return size();
    }

    @Override
    public boolean containsMember(byte[] member) {
        return contains(member);
    }

    @Override
    public void forEachMember(MemberVisitor visitor) {
        if (table == null) {
            // intset members are formatted on the fly; the visitor may not keep the array
            byte[] buf = new byte[20];
            for (int i = 0; i < ints.size(); i++) {
                int len = Decimal.write(ints.get(i), buf, 0);
                visitor.visit(buf, 0, len);
            }
            return;
        }
        for (int i = next(0); i >= 0; i = next(i + 1)) {
            byte[] m = table.slot(i);
            visitor.visit(m, 0, m.length);
        }
    }

    @Override
    public ValueType type() {
        return SetType.INSTANCE;
    }

    @Override
    public String encoding() {
        return table == null ? "intset" : "hashtable";
    }

    @Override
    public long memoryUsage() {
        if (table == null) {
            return 24 + ints.memoryUsage();
        }
        return 24 + table.memoryUsage();
    }

    @Override
    public KvValue copy() {
        return table == null ? new SetValue(ints.copy(), null) : new SetValue(null, table.copy());
    }
}
