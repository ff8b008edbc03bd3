package io.sockudo.kv.search.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An index's synonym groups (FT.SYNUPDATE): each term maps to the ids of the groups it belongs
 * to. Documents index {@code ~<group id>} next to each token of a group, and a query term expands
 * to its groups, so all members of a group match each other. Copy-on-write: readers (the
 * indexer, queries) take {@link #snapshot()} without locking.
 */
public final class Synonyms {
    private volatile Map<String, List<String>> termToGroups = Map.of();

    public Map<String, List<String>> snapshot() {
        return termToGroups;
    }

    public boolean isEmpty() {
        return termToGroups.isEmpty();
    }

    /** Adds {@code terms} (lower-cased) to group {@code groupId}. */
    public synchronized void update(String groupId, List<String> terms) {
        Map<String, List<String>> copy = new LinkedHashMap<>(termToGroups);
        for (String t : terms) {
            String term = t.toLowerCase(java.util.Locale.ROOT);
            List<String> groups = new ArrayList<>(copy.getOrDefault(term, List.of()));
            if (!groups.contains(groupId)) {
                groups.add(groupId);
            }
            copy.put(term, Collections.unmodifiableList(groups));
        }
        termToGroups = Collections.unmodifiableMap(copy);
    }

    /** Replaces every group with {@code termToGroups} (a saved {@link #snapshot()}). */
    public synchronized void restore(Map<String, List<String>> saved) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : saved.entrySet()) {
            copy.put(e.getKey(), List.copyOf(e.getValue()));
        }
        termToGroups = Collections.unmodifiableMap(copy);
    }

    /** The group ids of {@code term}, or an empty list. */
    public List<String> groups(String term) {
        List<String> g = termToGroups.get(term);
        return g == null ? List.of() : g;
    }
}
