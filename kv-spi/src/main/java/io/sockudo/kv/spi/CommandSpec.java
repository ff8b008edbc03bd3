package io.sockudo.kv.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything the server knows about one command: what {@code COMMAND INFO} and {@code COMMAND DOCS}
 * report (name, arity, flags, key positions, ACL categories, docs), the handler that runs it, and
 * its subcommands. ACL, cluster routing, MULTI queuing and replication all read it, so a plugin
 * command behaves exactly like a built-in one.
 *
 * <p>Arity follows Redis: a positive number is the exact argument count including the command
 * name; a negative number {@code -n} means "at least n".
 */
public final class CommandSpec {
    private final String name;
    private final int arity;
    private final Set<CommandFlag> flags;
    private final int firstKey;
    private final int lastKey;
    private final int keyStep;
    private final List<String> aclCategories;
    private final List<KeySpec> keySpecs;
    private final List<CommandSpec> subcommands;
    private final CommandHandler handler;
    private final KeyFinder keyFinder;
    private final VariableKeyFlags variableKeyFlags;
    private final boolean locksKeyspace;
    private final String group;
    private final String summary;
    private final String since;
    private final String complexity;
    private final List<String> tips;
    private final List<String> docFlags;
    private final String deprecatedSince;
    private final String replacedBy;
    private final List<HistoryEntry> history;
    private final List<ArgSpec> arguments;
    private final java.util.Map<Integer, String> keySpecNotes;

    /**
     * One line of a command's history in {@code COMMAND DOCS}.
     *
     * @param version the version that changed the command, e.g. {@code 6.2.0}
     * @param change what changed
     */
    public record HistoryEntry(String version, String change) {
    }

    private CommandSpec(Builder b) {
        this.name = b.name;
        this.arity = b.arity;
        this.flags = Collections.unmodifiableSet(b.flags);
        this.firstKey = b.firstKey;
        this.lastKey = b.lastKey;
        this.keyStep = b.keyStep;
        this.aclCategories = List.copyOf(b.aclCategories);
        this.keySpecs = List.copyOf(b.keySpecs);
        this.subcommands = List.copyOf(b.subcommands);
        this.handler = b.handler;
        this.keyFinder = b.keyFinder;
        this.variableKeyFlags = b.variableKeyFlags;
        this.locksKeyspace = b.locksKeyspace;
        this.group = b.group;
        this.summary = b.summary;
        this.since = b.since;
        this.complexity = b.complexity;
        this.tips = List.copyOf(b.tips);
        this.docFlags = List.copyOf(b.docFlags);
        this.deprecatedSince = b.deprecatedSince;
        this.replacedBy = b.replacedBy;
        this.history = List.copyOf(b.history);
        this.arguments = List.copyOf(b.arguments);
        this.keySpecNotes = java.util.Map.copyOf(b.keySpecNotes);
    }

    /** Starts a spec; {@code name} is case-insensitive and stored lower case. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Lower-case command name ({@code "get"}); for a subcommand, its own name ({@code "encoding"}). */
    public String name() { return name; }
    /** Redis arity: exact count when positive, minimum count when negative (command name included). */
    public int arity() { return arity; }
    public Set<CommandFlag> flags() { return flags; }
    public boolean hasFlag(CommandFlag f) { return flags.contains(f); }
    /** Legacy first key position (0 = no keys). */
    public int firstKey() { return firstKey; }
    /** Legacy last key position (negative counts from the end). */
    public int lastKey() { return lastKey; }
    public int keyStep() { return keyStep; }
    /** ACL categories with their {@code @} prefix, e.g. {@code @read}, {@code @string}. */
    public List<String> aclCategories() { return aclCategories; }
    public List<KeySpec> keySpecs() { return keySpecs; }
    public List<CommandSpec> subcommands() { return subcommands; }
    /** The handler; null for a container command that only dispatches to subcommands. */
    public CommandHandler handler() { return handler; }
    /** Key finder for commands whose keys cannot be found from positions alone, or null. */
    public KeyFinder keyFinder() { return keyFinder; }

    /**
     * For a command whose key spec has {@code VARIABLE_FLAGS}: the flags of each key for given
     * arguments (SET with GET reads its key), or null when the specs' flags always apply.
     */
    public VariableKeyFlags variableKeyFlags() { return variableKeyFlags; }

    /**
     * True when the command may touch keys that its arguments do not name (SORT's BY and GET
     * patterns name keys derived from the data): the kernel then runs it holding the whole
     * keyspace, as Redis's single thread would.
     */
    public boolean locksKeyspace() { return locksKeyspace; }
    public String group() { return group; }
    public String summary() { return summary; }
    public String since() { return since; }
    public String complexity() { return complexity; }
    public List<String> tips() { return tips; }
    /** {@code COMMAND DOCS} doc flags: {@code deprecated}, {@code syscmd}. */
    public List<String> docFlags() { return docFlags; }
    /** The version that deprecated the command, or null. */
    public String deprecatedSince() { return deprecatedSince; }
    /** What replaces a deprecated command (e.g. {@code `REPLICAOF`}), or null. */
    public String replacedBy() { return replacedBy; }
    /** The command's history for {@code COMMAND DOCS}, oldest first. */
    public List<HistoryEntry> history() { return history; }
    /** The argument specs for {@code COMMAND DOCS} (empty when not documented). */
    public List<ArgSpec> arguments() { return arguments; }
    /** The {@code notes} of key spec {@code index} (e.g. why it is RW), or null. */
    public String keySpecNotes(int index) { return keySpecNotes.get(index); }

    /** True if the argument count (command name included) satisfies this command's arity. */
    public boolean arityAccepts(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    /** Fluent builder for {@link CommandSpec}. */
    public static final class Builder {
        private final String name;
        private int arity;
        private final EnumSet<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
        private int firstKey;
        private int lastKey;
        private int keyStep;
        private final List<String> aclCategories = new ArrayList<>();
        private final List<KeySpec> keySpecs = new ArrayList<>();
        /** The range spec implied by {@link #keys}, used only when no spec is added explicitly. */
        private KeySpec impliedSpec;
        private final List<CommandSpec> subcommands = new ArrayList<>();
        private CommandHandler handler;
        private KeyFinder keyFinder;
        private VariableKeyFlags variableKeyFlags;
        private boolean locksKeyspace;
        private String group = "generic";
        private String summary = "";
        private String since = "1.0.0";
        private String complexity = "";
        private final List<String> tips = new ArrayList<>();
        private final List<String> docFlags = new ArrayList<>();
        private String deprecatedSince;
        private String replacedBy;
        private final List<HistoryEntry> history = new ArrayList<>();
        private final List<ArgSpec> arguments = new ArrayList<>();
        private final java.util.Map<Integer, String> keySpecNotes = new java.util.HashMap<>();

        private Builder(String name) {
            this.name = name.toLowerCase(Locale.ROOT);
        }

        public Builder arity(int arity) { this.arity = arity; return this; }

        public Builder flags(CommandFlag... fs) {
            Collections.addAll(this.flags, fs);
            return this;
        }

        /**
         * Legacy key positions. Also adds a matching range {@link KeySpec} with the given key-spec
         * flags (e.g. {@code "RO", "ACCESS"}) unless specs are added explicitly.
         */
        public Builder keys(int first, int last, int step, String... keySpecFlags) {
            this.firstKey = first;
            this.lastKey = last;
            this.keyStep = step;
            this.impliedSpec = first > 0 ? KeySpec.range(first, last, step, keySpecFlags) : null;
            return this;
        }

        public Builder keySpec(KeySpec spec) { keySpecs.add(spec); return this; }

        /** ACL categories, with or without the {@code @} prefix. */
        public Builder acl(String... categories) {
            for (String c : categories) {
                aclCategories.add(c.startsWith("@") ? c : "@" + c);
            }
            return this;
        }

        public Builder subcommand(CommandSpec sub) { subcommands.add(sub); return this; }
        public Builder handler(CommandHandler h) { this.handler = h; return this; }
        /** Sets a key finder and the {@code movablekeys} flag. */
        public Builder keyFinder(KeyFinder f) { this.keyFinder = f; flags.add(CommandFlag.MOVABLEKEYS); return this; }

        /** See {@link CommandSpec#variableKeyFlags()}. */
        public Builder variableKeyFlags(VariableKeyFlags f) { this.variableKeyFlags = f; return this; }

        /** See {@link CommandSpec#locksKeyspace()}. */
        public Builder locksKeyspace() { this.locksKeyspace = true; return this; }
        public Builder group(String g) { this.group = g; return this; }
        public Builder summary(String s) { this.summary = s; return this; }
        public Builder since(String s) { this.since = s; return this; }
        public Builder complexity(String c) { this.complexity = c; return this; }
        public Builder tips(String... t) { Collections.addAll(tips, t); return this; }
        /** Doc flags ({@code deprecated}, {@code syscmd}). */
        public Builder docFlags(String... f) { Collections.addAll(docFlags, f); return this; }
        public Builder deprecatedSince(String v) { this.deprecatedSince = v; return this; }
        public Builder replacedBy(String r) { this.replacedBy = r; return this; }
        /** Adds a history line (call in version order). */
        public Builder history(String version, String change) { history.add(new HistoryEntry(version, change)); return this; }
        /** The argument specs, in order. */
        public Builder args(ArgSpec... a) { Collections.addAll(arguments, a); return this; }
        /** Notes for the most recently added key spec (printed by {@code COMMAND INFO}). */
        public Builder keySpecNotes(String notes) {
            if (keySpecs.isEmpty() && impliedSpec == null) {
                throw new IllegalStateException("command '" + name + "': keySpecNotes before any key spec");
            }
            // With no explicit spec yet, the notes belong to the spec implied by keys(...), which becomes spec 0.
            keySpecNotes.put(Math.max(0, keySpecs.size() - 1), notes);
            return this;
        }

        public CommandSpec build() {
            if (arity == 0) {
                throw new IllegalStateException("command '" + name + "' has no arity");
            }
            if (handler == null && subcommands.isEmpty()) {
                throw new IllegalStateException("command '" + name + "' has neither a handler nor subcommands");
            }
            if (keySpecs.isEmpty() && impliedSpec != null) {
                keySpecs.add(impliedSpec);
            }
            return new CommandSpec(this);
        }
    }
}
