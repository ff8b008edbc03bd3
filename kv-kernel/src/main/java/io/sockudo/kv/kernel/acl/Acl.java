package io.sockudo.kv.kernel.acl;

import io.sockudo.kv.kernel.client.Authentication;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.client.ClientDescriber;
import io.sockudo.kv.kernel.client.ClientRegistry;
import io.sockudo.kv.kernel.client.ClientUser;
import io.sockudo.kv.kernel.client.ConnectionListener;
import io.sockudo.kv.kernel.command.CommandAccess;
import io.sockudo.kv.kernel.command.CommandTable;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.kernel.config.ConfigRegistry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

/**
 * The users and what they may do (Redis 7.0's ACL): rules, authentication, the checks the
 * dispatcher, EXEC and scripts run, ACL LOG, the ACL file and the {@code user} config lines.
 *
 * <p>Changes (ACL SETUSER, DELUSER, LOAD, {@code requirepass}) are serialised on this object and
 * build new {@link UserRules} that replace a user's rules whole; checks read a user's current rules
 * with one volatile read, and the {@code default} user with every permission answers from one
 * boolean (the fast path).
 */
public final class Acl implements CommandAccess {
    static final String DEFAULT = "default";

    private final CommandCatalog catalog;
    private final ConfigRegistry config;
    private final ClientRegistry clients;
    private final Authentication authentication;
    private final AclLog log = new AclLog();
    /** Users by name, sorted as Redis's rax lists them (byte order of the names). */
    private final ConcurrentSkipListMap<String, AclUser> users = new ConcurrentSkipListMap<>(Acl::compareNames);
    private volatile boolean restricted;
    private volatile Runnable usersChanged = () -> { };
    private final AclUser defaultUser;
    private volatile ClientDescriber describer = c -> "";
    /** The channels, patterns and shard channels a client is subscribed to (pub/sub owns them). */
    private volatile Function<Client, List<List<byte[]>>> subscriptions = c -> List.of();

    public Acl(CommandTable table, ConfigRegistry config, ClientRegistry clients, Authentication authentication) {
        this.catalog = new CommandCatalog(table);
        this.config = config;
        this.clients = clients;
        this.authentication = authentication;
        this.defaultUser = new AclUser(DEFAULT, initialDefaultRules());
        users.put(DEFAULT, defaultUser);
        updateAuthentication();
        config.onChange("requirepass", this::requirepassChanged);
        // acllog-max-len applies when the next entry is added (Redis does not trim on CONFIG SET).
        // CONFIG REWRITE writes every user as a `user` line, unless they live in the ACL file.
        config.rewriteDirective("user", () -> aclFile() != null ? List.of() : describeAll());
    }

    private static int compareNames(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** Installs how a client is described in ACL LOG ({@code client-info}, the CLIENT LIST line). */
    public void describer(ClientDescriber d) {
        this.describer = d;
    }

    /** Installs where a client's subscriptions are read (to disconnect subscribers a change denies). */
    public void subscriptions(Function<Client, List<List<byte[]>>> s) {
        this.subscriptions = s;
    }

    /** What a new connection starts as: the default user, authenticated while it needs no password. */
    public ConnectionListener connectionListener() {
        return new ConnectionListener() {
            @Override
            public void opened(Client client) {
                client.aclUser(defaultUser);
                client.authenticated(!authentication.required());
            }

            @Override
            public void closed(Client client) {
            }
        };
    }

    // ---- users ----------------------------------------------------------------------------------

    private int pubsubDefault() {
        return "allchannels".equalsIgnoreCase(config.get("acl-pubsub-default")) ? Selector.ALL_CHANNELS : 0;
    }

    private UserRules initialDefaultRules() {
        UserRules r = new UserRules(Selector.ALL_CHANNELS);
        try {
            r.apply("+@all", catalog, 0);
            r.apply("~*", catalog, 0);
            r.apply("&*", catalog, 0);
            r.apply("on", catalog, 0);
            r.apply("nopass", catalog, 0);
        } catch (AclRuleException e) {
            throw new IllegalStateException(e);
        }
        String pass = config.get("requirepass");
        if (pass != null && !pass.isEmpty()) {
            r.nopass = false;
            r.passwords.add(Passwords.hash(pass));
        }
        return r.seal();
    }

    /** Redis's link: CONFIG SET requirepass sets the default user's only password (or nopass). */
    private synchronized void requirepassChanged(String value) {
        UserRules r = defaultUser.rules().copy();
        r.passwords.clear();
        if (value == null || value.isEmpty()) {
            r.nopass = true;
        } else {
            r.nopass = false;
            r.passwords.add(Passwords.hash(value));
        }
        defaultUser.rules(r.seal());
        updateAuthentication();
    }

    /** Clients must authenticate unless the default user is on and needs no password. */
    private void updateAuthentication() {
        UserRules r = defaultUser.rules();
        authentication.required(!r.nopass || !r.enabled);
        usersChanged();
    }

    /**
     * Whether some user's rules restrict anything: while none does (only the default user, with
     * all commands, keys and channels), the pipeline's ACL stage is not engaged.
     */
    public boolean anyRestricted() {
        return restricted;
    }

    /** Installs what is told after every change of the users (the pipeline recomputes its gates). */
    public void onUsersChanged(Runnable listener) {
        this.usersChanged = listener;
        usersChanged();
    }

    /** Recomputes {@link #anyRestricted} after users were added, changed or removed. */
    private void usersChanged() {
        boolean any = false;
        for (AclUser u : users.values()) {
            if (!u.rules().unrestricted) {
                any = true;
                break;
            }
        }
        restricted = any;
        usersChanged.run();
    }

    AclUser user(String name) {
        return users.get(name);
    }

    CommandCatalog catalog() {
        return catalog;
    }

    AclLog log() {
        return log;
    }

    long logMaxLen() {
        return config.getLong("acllog-max-len");
    }

    /** The user names, sorted. */
    public List<String> userNames() {
        return new ArrayList<>(users.keySet());
    }

    /** One {@code user ...} line per user, sorted by name (ACL LIST, ACL SAVE). */
    public List<String> describeAll() {
        List<String> out = new ArrayList<>(users.size());
        for (AclUser u : users.values()) {
            out.add("user " + u.name() + " " + u.rules().describe(catalog));
        }
        return out;
    }

    /**
     * ACL SETUSER: applies the rules to a copy of the user (a new user when absent) and publishes
     * it only if all of them applied.
     *
     * @return null, or the error reply
     */
    public synchronized String setUser(String name, List<String> rules) {
        if (name.indexOf(' ') >= 0 || name.indexOf('\0') >= 0) {
            return "ERR Usernames can't contain spaces or null characters";
        }
        List<String> merged = mergeSelectors(rules);
        if (merged == null) {
            return unmatched;
        }
        AclUser existing = users.get(name);
        int pubsub = pubsubDefault();
        UserRules r = existing != null ? existing.rules().copy() : new UserRules(pubsub);
        for (String op : merged) {
            try {
                r.apply(op, catalog, pubsub);
            } catch (AclRuleException e) {
                return "ERR Error in ACL SETUSER modifier '" + op + "': " + e.getMessage();
            }
        }
        r.seal();
        if (existing == null) {
            users.put(name, new AclUser(name, r));
        } else {
            existing.rules(r);
            disconnectDeniedSubscribers(existing);
            if (existing == defaultUser) {
                updateAuthentication();
            }
        }
        usersChanged();
        return null;
    }

    /** The error of the last {@link #mergeSelectors} that failed. */
    private String unmatched;

    /**
     * Joins a selector given over several arguments ({@code "(~a" "+get)"}) into one, as Redis's
     * ACLMergeSelectorArguments; null (with {@link #unmatched} set) on an unclosed parenthesis.
     */
    private List<String> mergeSelectors(List<String> rules) {
        List<String> out = new ArrayList<>(rules.size());
        StringBuilder open = null;
        String openedAt = null;
        for (String op : rules) {
            if (open != null) {
                open.append(' ').append(op);
                if (op.endsWith(")")) {
                    out.add(open.toString());
                    open = null;
                }
            } else if (op.startsWith("(") && !op.endsWith(")")) {
                open = new StringBuilder(op);
                openedAt = op;
            } else {
                out.add(op);
            }
        }
        if (open != null) {
            unmatched = "ERR Unmatched parenthesis in acl selector starting at '" + openedAt + "'.";
            return null;
        }
        return out;
    }

    /**
     * ACL DELUSER: removes the users; their clients are disconnected (the caller's own connection
     * after this reply). {@code default} cannot be removed.
     *
     * @return the number of users removed, or -1 when {@code default} was named
     */
    public synchronized int deleteUsers(List<String> names, Client caller) {
        for (String n : names) {
            if (n.equals(DEFAULT)) {
                return -1;
            }
        }
        int removed = 0;
        for (String n : names) {
            AclUser u = users.remove(n);
            if (u != null) {
                removed++;
                disconnect(u, caller);
            }
        }
        usersChanged();
        return removed;
    }

    /** Disconnects every client authenticated as {@code u}, the caller after its reply. */
    private void disconnect(AclUser u, Client caller) {
        for (Client c : clients.all()) {
            if (c.aclUser() != u || c.killed()) {
                continue;
            }
            c.aclUser(defaultUser);
            c.authenticated(false);
            if (c == caller) {
                c.closeAfterReply(true);
            } else {
                kill(c);
            }
        }
    }

    private void kill(Client c) {
        c.killed(true);
        clients.remove(c);
        if (c.channel() != null) {
            c.channel().close();
        }
    }

    /** After a change, subscribers of the user to channels it may no longer use are disconnected. */
    private void disconnectDeniedSubscribers(AclUser u) {
        UserRules r = u.rules();
        for (Client c : clients.all()) {
            if (c.aclUser() != u || c.subscriptions() == 0 || c.killed()) {
                continue;
            }
            List<List<byte[]>> subs = subscriptions.apply(c);
            boolean allowed = true;
            for (int kind = 0; kind < subs.size() && allowed; kind++) {
                for (byte[] ch : subs.get(kind)) {
                    if (!channelAllowed(r, ch, kind == 1)) {
                        allowed = false;
                        break;
                    }
                }
            }
            if (!allowed) {
                kill(c);
            }
        }
    }

    private static boolean channelAllowed(UserRules r, byte[] channel, boolean pattern) {
        if (r.root.channelAllowed(channel, pattern)) {
            return true;
        }
        for (Selector s : r.selectors) {
            if (s.channelAllowed(channel, pattern)) {
                return true;
            }
        }
        return false;
    }

    // ---- authentication -------------------------------------------------------------------------

    /**
     * AUTH and HELLO AUTH: on success the client runs as the user; on failure the attempt is
     * recorded in ACL LOG. A disabled or unknown user fails like a wrong password.
     */
    public boolean authenticate(Client c, byte[] username, byte[] password, boolean inMulti, byte[] command) {
        String name = new String(username, StandardCharsets.UTF_8);
        AclUser u = users.get(name);
        if (u != null && credentialsValid(u.rules(), password)) {
            c.aclUser(u);
            c.authenticated(true);
            return true;
        }
        addLog("auth", inMulti ? Context.MULTI : Context.TOPLEVEL, new String(command, StandardCharsets.UTF_8),
                name, c);
        return false;
    }

    private static boolean credentialsValid(UserRules r, byte[] password) {
        if (!r.enabled) {
            return false;
        }
        if (r.nopass) {
            return true;
        }
        String h = Passwords.hash(password);
        boolean found = false;
        for (String p : r.passwords) {
            found |= Passwords.same(p, h); // no early exit: every hash is compared
        }
        return found;
    }

    /** Whether the default user needs no password (AUTH with one argument is then an error). */
    public boolean defaultUserNopass() {
        return defaultUser.rules().nopass;
    }

    /** The user a reset connection returns to. */
    public ClientUser defaultUser() {
        return defaultUser;
    }

    // ---- checks ---------------------------------------------------------------------------------

    @Override
    public long check(Client client, RegisteredCommand cmd, byte[][] argv) {
        ClientUser u = client.aclUser();
        if (u == null) {
            return OK; // the server's own clients
        }
        UserRules r = ((AclUser) u).rules();
        if (r.unrestricted) {
            return OK;
        }
        return r.check(cmd, argv);
    }

    /** ACL DRYRUN and redis.acl_check_cmd: the check for a named user, without a client. */
    long check(AclUser u, RegisteredCommand cmd, byte[][] argv) {
        UserRules r = u.rules();
        return r.unrestricted ? OK : r.check(cmd, argv);
    }

    @Override
    public void log(Client client, long denial, Context context, RegisteredCommand cmd, byte[][] argv) {
        int reason = CommandAccess.reason(denial);
        int pos = CommandAccess.position(denial);
        String object = reason == DENIED_CMD ? cmd.fullName()
                : new String(argv[pos], StandardCharsets.UTF_8);
        addLog(reasonName(reason), context, object, client.user(), client);
    }

    private void addLog(String reason, Context context, String object, String username, Client client) {
        log.add(new AclLog.Entry(reason, contextName(context), object, username, System.currentTimeMillis(),
                describer.describe(client)), logMaxLen());
    }

    static String reasonName(int reason) {
        return switch (reason) {
            case DENIED_CMD -> "command";
            case DENIED_KEY -> "key";
            case DENIED_CHANNEL -> "channel";
            case DENIED_AUTH -> "auth";
            default -> "unknown";
        };
    }

    private static String contextName(Context c) {
        return switch (c) {
            case TOPLEVEL -> "toplevel";
            case MULTI -> "multi";
            case LUA -> "lua";
            case MODULE -> "module";
        };
    }

    // ---- the ACL file and the config file's user lines -----------------------------------------

    /** Path of the ACL file, or null when {@code aclfile} is not set. */
    private Path aclFile() {
        String f = config.get("aclfile");
        return f == null || f.isEmpty() ? null : Path.of(f);
    }

    public boolean hasAclFile() {
        return aclFile() != null;
    }

    /**
     * At start-up: the {@code user} lines of the config file, or the ACL file; both at once is an
     * error, as in Redis.
     *
     * @throws IllegalStateException with Redis's message when the users cannot be loaded
     */
    public synchronized void loadAtStartup(List<List<String>> userLines) {
        Path file = aclFile();
        if (file != null && !userLines.isEmpty()) {
            throw new IllegalStateException("Configuring Redis with users defined in redis.conf and at the same "
                    + "setting an ACL file path is invalid. This setup is very likely to lead to configuration "
                    + "errors and security holes, please define either an ACL file or declare users directly in "
                    + "your redis.conf, but not both.");
        }
        if (file != null) {
            String err = loadFile(file);
            if (err != null) {
                throw new IllegalStateException("Aborting Redis startup because of ACL errors: " + err);
            }
            return;
        }
        for (List<String> line : userLines) {
            if (line.isEmpty()) {
                throw new IllegalStateException("Error in user declaration: missing username");
            }
            String name = line.get(0);
            AclUser existing = users.get(name);
            if (existing != null && existing != defaultUser) {
                throw new IllegalStateException("Error in user declaration '" + name + "': "
                        + AclRuleException.DUPLICATE_USER);
            }
            String err = setUserFromLine(name, line.subList(1, line.size()), existing == null);
            if (err != null) {
                throw new IllegalStateException("Error in user declaration '" + name + "': " + err);
            }
        }
    }

    private String setUserFromLine(String name, List<String> rules, boolean fresh) {
        List<String> merged = mergeSelectors(rules);
        if (merged == null) {
            return unmatched.substring(4);
        }
        UserRules r = new UserRules(pubsubDefault());
        for (String op : merged) {
            try {
                r.apply(op, catalog, pubsubDefault());
            } catch (AclRuleException e) {
                return e.getMessage();
            }
        }
        r.seal();
        AclUser u = users.get(name);
        if (u == null) {
            users.put(name, new AclUser(name, r));
        } else {
            u.rules(r);
            if (u == defaultUser) {
                updateAuthentication();
            }
        }
        usersChanged();
        return null;
    }

    /** ACL LOAD: replaces every user from the ACL file, or changes nothing (error text without ERR). */
    public synchronized String load(Client caller) {
        Path file = aclFile();
        return loadFile(file);
    }

    private String loadFile(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "Error loading ACLs, opening file '" + file + "': " + osError(e);
        }
        StringBuilder errors = new StringBuilder();
        NavigableMap<String, UserRules> loaded = new TreeMap<>(Acl::compareNames);
        Map<String, Integer> seenAt = new java.util.HashMap<>();
        String[] lines = content.split("\n", -1);
        int pubsub = pubsubDefault();
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split(" ", -1);
            if (words.length < 2 || !words[0].equals("user") || words[1].isEmpty()) {
                errors.append(file).append(':').append(lineNo)
                        .append(" should start with user keyword followed by the username. ");
                continue;
            }
            String name = words[1];
            if (seenAt.containsKey(name)) {
                errors.append("WARNING: Duplicate user '").append(name).append("' found on line ").append(lineNo)
                        .append(". ");
                continue;
            }
            seenAt.put(name, lineNo);
            List<String> merged = mergeSelectors(Arrays.asList(words).subList(2, words.length));
            if (merged == null) {
                errors.append(file).append(':').append(lineNo).append(": ").append(unmatched.substring(4))
                        .append(". ");
                continue;
            }
            UserRules r = new UserRules(pubsub);
            boolean failed = false;
            for (String op : merged) {
                try {
                    r.apply(op, catalog, pubsub);
                } catch (AclRuleException e) {
                    errors.append(file).append(':').append(lineNo).append(": Error in applying operation '")
                            .append(op).append("': ").append(e.getMessage()).append(". ");
                    failed = true;
                    break;
                }
            }
            if (!failed) {
                loaded.put(name, r.seal());
            }
        }
        if (errors.length() > 0) {
            return errors.append("WARNING: ACL errors detected, no change to the previously active ACL rules was "
                    + "performed").toString();
        }
        // Every user is replaced: clients of the old ones (the default user aside) are disconnected.
        UserRules newDefault = loaded.remove(DEFAULT);
        for (AclUser old : new ArrayList<>(users.values())) {
            if (old != defaultUser) {
                users.remove(old.name());
                disconnect(old, null);
            }
        }
        defaultUser.rules(newDefault != null ? newDefault : freshDefaultRules());
        updateAuthentication();
        for (Map.Entry<String, UserRules> e : loaded.entrySet()) {
            users.put(e.getKey(), new AclUser(e.getKey(), e.getValue()));
        }
        usersChanged();
        return null;
    }

    private UserRules freshDefaultRules() {
        UserRules r = new UserRules(Selector.ALL_CHANNELS);
        try {
            for (String op : List.of("+@all", "~*", "&*", "on", "nopass")) {
                r.apply(op, catalog, 0);
            }
        } catch (AclRuleException e) {
            throw new IllegalStateException(e);
        }
        return r.seal();
    }

    /** ACL SAVE: every user to the ACL file (written aside, then renamed over it); null or the error. */
    public synchronized String save() {
        Path file = aclFile();
        StringBuilder sb = new StringBuilder();
        for (String line : describeAll()) {
            sb.append(line).append('\n');
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime());
        try {
            Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return null;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the save failed already; the temp file is best effort
            }
            return "There was an error trying to save the ACLs. Please check the server logs for more information";
        }
    }

    private static String osError(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        return String.valueOf(e.getMessage());
    }

    // ---- what the ACL command reads -------------------------------------------------------------

    /** One selector as ACL GETUSER shows it. */
    public record SelectorView(String commands, String keys, String channels) {
    }

    /** A user as ACL GETUSER shows it. */
    public record UserView(List<String> flags, List<String> passwords, SelectorView root,
                           List<SelectorView> selectors) {
    }

    /** ACL GETUSER; null for an unknown user. */
    public UserView getUser(String name) {
        AclUser u = users.get(name);
        if (u == null) {
            return null;
        }
        UserRules r = u.rules();
        List<SelectorView> selectors = new ArrayList<>(r.selectors.size());
        for (Selector s : r.selectors) {
            selectors.add(view(s));
        }
        return new UserView(r.flagNames(), new ArrayList<>(r.passwords), view(r.root), selectors);
    }

    private SelectorView view(Selector s) {
        return new SelectorView(s.describeCommands(catalog), s.describeKeys(), s.describeChannels());
    }

    /** ACL CAT: every category name. */
    public List<String> categories() {
        catalog.withSubcommands().forEach(catalog::categoriesOf); // registers the families' own categories
        return catalog.categories().names();
    }

    /** ACL CAT category: the commands and subcommands in it; null when there is no such category. */
    public List<String> commandsIn(String category) {
        categories();
        long bit = catalog.categories().bitOf(category);
        if (bit == 0) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (RegisteredCommand c : catalog.withSubcommands()) {
            if ((catalog.categoriesOf(c) & bit) != 0) {
                out.add(c.fullName());
            }
        }
        return out;
    }

    /** An ACL LOG entry as the command prints it. */
    public record LogEntry(long count, String reason, String context, String object, String username,
                           long createdMillis, String clientInfo) {
    }

    /** ACL LOG count: the newest entries. */
    public List<LogEntry> logEntries(long count) {
        List<LogEntry> out = new ArrayList<>();
        for (AclLog.Entry e : log.newest(count)) {
            out.add(new LogEntry(e.count, e.reason, e.context, e.object, e.username, e.createdMillis, e.clientInfo));
        }
        return out;
    }

    /** ACL LOG RESET. */
    public void resetLog() {
        log.reset();
    }

    /** Whether a user exists (ACL DRYRUN). */
    public boolean userExists(String name) {
        return users.containsKey(name);
    }

    /**
     * ACL DRYRUN: whether {@code user} may run the command, without running it.
     *
     * @return null when allowed, else Redis's sentence saying why
     */
    public String dryRun(String user, RegisteredCommand cmd, byte[][] argv) {
        long d = check(users.get(user), cmd, argv);
        if (d == OK) {
            return null;
        }
        int pos = CommandAccess.position(d);
        return switch (CommandAccess.reason(d)) {
            case DENIED_CMD -> "This user has no permissions to run the '" + cmd.fullName() + "' command";
            case DENIED_KEY -> "This user has no permissions to access the '"
                    + new String(argv[pos], StandardCharsets.UTF_8) + "' key";
            case DENIED_CHANNEL -> "This user has no permissions to access the '"
                    + new String(argv[pos], StandardCharsets.UTF_8) + "' channel";
            default -> "This user has no permissions";
        };
    }
}
