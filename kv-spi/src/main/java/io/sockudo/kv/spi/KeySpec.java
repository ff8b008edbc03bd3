package io.sockudo.kv.spi;

import java.util.List;

/**
 * Where a command's keys are in its arguments, in the shape of Redis 7 key specifications.
 * The kernel uses it for shard locking, cluster routing, ACL key patterns and
 * {@code COMMAND GETKEYS}; {@code COMMAND INFO} prints it.
 *
 * @param flags key-spec flags as Redis prints them, e.g. {@code RW}, {@code ACCESS}, {@code UPDATE}
 * @param beginIndex begin_search by index: the argument index (1 = first argument after the name)
 *                   where the search starts; ignored when {@code beginKeyword} is set
 * @param beginKeyword begin_search by keyword (e.g. {@code STREAMS}), or null
 * @param keywordStartFrom where to start looking for the keyword (negative: from the end)
 * @param lastKey find_keys range: last key relative to the first (-1 = last argument)
 * @param keyStep find_keys range: step between keys
 * @param limit find_keys range: limit (0 = none)
 * @param keyNumIndex find_keys keynum: index of the key-count argument relative to the begin, or -1
 *                    when the range form is used
 * @param firstKey find_keys keynum: first key relative to the begin
 */
public record KeySpec(List<String> flags, int beginIndex, String beginKeyword, int keywordStartFrom,
                      int lastKey, int keyStep, int limit, int keyNumIndex, int firstKey) {

    /** Keys at indexes {@code first}, {@code first+step} ... up to {@code last} (negative: from the end). */
    public static KeySpec range(int first, int last, int step, String... flags) {
        int lastRel = last < 0 ? last : last - first;
        return new KeySpec(List.of(flags), first, null, 0, lastRel, step, 0, -1, 0);
    }

    /** Keys counted by the argument at {@code numIndex}, starting right after it, each {@code step} apart. */
    public static KeySpec keyNum(int numIndex, int step, String... flags) {
        return new KeySpec(List.of(flags), numIndex, null, 0, 0, step, 0, 0, 1);
    }

    /** True when this spec uses the keynum form. */
    public boolean isKeyNum() {
        return keyNumIndex >= 0;
    }
}
