import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns PostgreSQL's log of captured requests (log_statement=all) into pgbench scripts that replay their SQL.
 *
 * <pre>java bench/ReplayScript.java CAPTURE_LOG DATABASE KNOWN_VALUES IDS OUT_DIR</pre>
 *
 * CAPTURE_LOG holds the statements of several requests, each request's statements between two
 * {@code SELECT 'bench-marker'} statements; only DATABASE's statements count. Each request becomes one script
 * {@code OUT_DIR/replay-N.sql}: its statements in order, with the parameters the log shows written in as literals,
 * so each script replays one app's create as the server ran it. What the request made new must be new on every
 * replay: a UUID that does not occur in KNOWN_VALUES (a dump of the database before the capture) gets its last
 * 12 hex digits from a pgbench random variable (12 decimal digits are 12 hex digits), the same variable wherever
 * the UUID recurs. A row an INSERT … RETURNING made gets a new id on replay: the insert keeps what it returns
 * ({@code \gset}) and the statements after it use that id where they used the captured one (IDS: "table, id,
 * guid" of every row with both, after the capture, to know the captured ids). Empty queries (the pool's
 * connection checks) are counted but not replayed. The scripts run with {@code pgbench -M simple} (pgbench substitutes variables in the text).
 * Prints a one-line summary of the first request's statements by kind.
 */
public class ReplayScript {

    private static final Pattern ENTRY = Pattern.compile(
            "^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+ \\S+ \\[(\\d+)\\] (\\S*)@(\\S*) ([A-Z]+):  (.*)$");
    private static final Pattern STATEMENT = Pattern.compile("^(?:execute [^:]+|statement): (.*)$", Pattern.DOTALL);
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\d+)");

    record Entry(String pid, String db, String level, String text) { }

    public static void main(String[] args) throws IOException {
        List<Entry> entries = parse(Files.readAllLines(Path.of(args[0])));
        String database = args[1];
        Set<String> known = new HashSet<>();
        Matcher k = UUID.matcher(Files.readString(Path.of(args[2])));
        while (k.find()) known.add(k.group());
        Map<String, String> idOfGuid = new LinkedHashMap<>(); // "table guid" → id
        for (String line : Files.readAllLines(Path.of(args[3]))) {
            String[] f = line.split("\t");
            if (f.length == 3) idOfGuid.put(f[0] + " " + f[2], f[1]);
        }
        Path out = Path.of(args[4]);
        Files.createDirectories(out);

        // Statements of the database with their parameters, in log order.
        List<String> statements = new ArrayList<>();
        Map<String, Integer> lastOfPid = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (!e.db().equals(database)) continue;
            if (e.level().equals("LOG")) {
                Matcher m = STATEMENT.matcher(e.text());
                if (!m.matches()) continue;
                lastOfPid.put(e.pid(), statements.size());
                statements.add(m.group(1).strip());
            } else if (e.level().equals("DETAIL") && e.text().startsWith("parameters: ")) {
                Integer i = lastOfPid.get(e.pid());
                if (i != null) statements.set(i, bind(statements.get(i), parameters(e.text().substring(12))));
            }
        }
        // Requests between markers.
        List<List<String>> requests = new ArrayList<>();
        List<String> current = null;
        for (String s : statements) {
            if (s.contains("'bench-marker'")) {
                if (current != null && !current.isEmpty()) requests.add(current);
                current = new ArrayList<>();
            } else if (current != null) {
                current.add(s);
            }
        }
        if (requests.isEmpty()) throw new IllegalStateException("no captured request in " + args[0]);

        int n = 0;
        for (List<String> request : requests) {
            Map<String, String> fresh = new LinkedHashMap<>();
            StringBuilder body = new StringBuilder();
            Map<String, String> newIds = new LinkedHashMap<>(); // "table id" → pgbench variable
            int empty = 0;
            for (String s0 : request) {
                if (s0.isBlank()) { empty++; continue; }
                String s = s0.replaceAll("\\s*\\n\\s*", " ");
                s = useNewIds(s, newIds);
                String gset = null;
                Matcher ins = INSERT.matcher(s);
                if (ins.find() && s.toLowerCase().contains(" returning ")) {
                    String table = ins.group(1);
                    List<String> cols = split(ins.group(2));
                    List<String> vals = split(ins.group(3));
                    int g = cols.indexOf("guid");
                    if (g >= 0 && g < vals.size()) {
                        String guid = vals.get(g).replace("'", "");
                        String id = idOfGuid.get(table + " " + guid);
                        if (id != null && !known.contains(guid)) {
                            gset = "r" + (newIds.size() + 1) + "_";
                            newIds.put(table + " " + id, gset + "id");
                        }
                    }
                }
                Matcher m = UUID.matcher(s);
                StringBuilder sb = new StringBuilder();
                while (m.find()) {
                    String uuid = m.group();
                    String replacement = uuid;
                    if (!known.contains(uuid)) {
                        String var = fresh.computeIfAbsent(uuid, u -> "u" + (fresh.size() + 1));
                        replacement = uuid.substring(0, 24) + ":" + var;
                    }
                    m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
                }
                m.appendTail(sb);
                body.append(sb).append(gset != null ? " \\gset " + gset + "\n" : ";\n");
            }
            if (n == 0) System.out.print(summary(request) + ", " + empty + " empty queries (connection checks)");
            StringBuilder script = new StringBuilder("-- captured by bench/perf.sh: one request's statements\n");
            for (String var : fresh.values()) script.append("\\set ").append(var).append(" random(100000000000, 999999999999)\n");
            script.append(body);
            Files.writeString(out.resolve("replay-" + (++n) + ".sql"), script);
        }
        System.out.println("; " + requests.size() + " scripts");
    }

    private static final Pattern INSERT = Pattern.compile(
            "^insert into (\\w+) \\(([^)]*)\\) values \\((.*)\\)( returning .*)?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ID_EQ = Pattern.compile("\\b(?:(\\w+)\\.)?(\\w*id)\\s*(=|in \\()\\s*'(\\d+)'");
    private static final Pattern ALIAS = Pattern.compile("\\b(?:from|join|update) (\\w+)(?: (\\w+))?", Pattern.CASE_INSENSITIVE);

    /** Ids the replay makes anew: where a statement uses a captured one, it uses the replay's. */
    static String useNewIds(String s, Map<String, String> newIds) {
        if (newIds.isEmpty()) return s;
        Map<String, String> tableOfAlias = new LinkedHashMap<>();
        String firstTable = null;
        Matcher a = ALIAS.matcher(s);
        while (a.find()) {
            if (firstTable == null) firstTable = a.group(1);
            if (a.group(2) != null) tableOfAlias.put(a.group(2), a.group(1));
        }
        Matcher ins = INSERT.matcher(s);
        if (ins.find()) { // insert values: by column name
            List<String> cols = split(ins.group(2));
            List<String> vals = split(ins.group(3));
            boolean changed = false;
            for (int i = 0; i < cols.size() && i < vals.size(); i++) {
                String var = newIds.get(tableOfColumn(cols.get(i), ins.group(1)) + " " + vals.get(i).replace("'", ""));
                if (var != null) { vals.set(i, "':" + var + "'"); changed = true; }
            }
            if (changed) {
                s = s.substring(0, ins.start(3)) + String.join(",", vals) + s.substring(ins.end(3));
            }
            return s;
        }
        Matcher m = ID_EQ.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String table = m.group(2).equals("id")
                    ? (m.group(1) != null ? tableOfAlias.get(m.group(1)) : firstTable)
                    : tableOfColumn(m.group(2), null);
            String var = newIds.get(table + " " + m.group(4));
            m.appendReplacement(sb, Matcher.quoteReplacement(var == null ? m.group()
                    : m.group().substring(0, m.start(4) - m.start() - 1) + "':" + var + "'"));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** deployment_id → deployments, process_id → processes; id → the statement's own table. */
    static String tableOfColumn(String column, String ownTable) {
        String c = column.toLowerCase();
        if (c.equals("id")) return ownTable;
        if (!c.endsWith("_id")) return null;
        String base = c.substring(0, c.length() - 3);
        return base.endsWith("s") ? base + "es" : base + "s";
    }

    /** A comma list at the top level (quotes and parentheses respected). */
    static List<String> split(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0, start = 0;
        boolean quoted = false;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '\'') quoted = !quoted;
            else if (!quoted && c == '(') depth++;
            else if (!quoted && c == ')') depth--;
            else if (!quoted && depth == 0 && c == ',') { parts.add(list.substring(start, i).strip()); start = i + 1; }
        }
        parts.add(list.substring(start).strip());
        return parts;
    }

    static List<Entry> parse(List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        for (String line : lines) {
            Matcher m = ENTRY.matcher(line);
            if (m.matches()) {
                entries.add(new Entry(m.group(1), m.group(3), m.group(4), m.group(5)));
            } else if (!entries.isEmpty()) { // a continuation line of a multi-line statement or value
                Entry last = entries.remove(entries.size() - 1);
                String more = line.startsWith("\t") ? line.substring(1) : line;
                entries.add(new Entry(last.pid(), last.db(), last.level(), last.text() + "\n" + more));
            }
        }
        return entries;
    }

    /** "$1 = 'a', $2 = NULL, $3 = 'it''s'" → the values as SQL literals, by number. */
    static Map<Integer, String> parameters(String text) {
        Map<Integer, String> values = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) != '$') { i++; continue; }
            int eq = text.indexOf(" = ", i);
            int number = Integer.parseInt(text.substring(i + 1, eq));
            int v = eq + 3;
            if (text.startsWith("NULL", v)) {
                values.put(number, "NULL");
                i = v + 4;
            } else {
                int j = v + 1; // after the opening quote
                while (true) {
                    if (text.charAt(j) == '\'') {
                        if (j + 1 < text.length() && text.charAt(j + 1) == '\'') { j += 2; continue; }
                        break;
                    }
                    j++;
                }
                values.put(number, text.substring(v, j + 1));
                i = j + 1;
            }
        }
        return values;
    }

    static String bind(String sql, Map<Integer, String> values) {
        Matcher m = PLACEHOLDER.matcher(sql);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = values.get(Integer.parseInt(m.group(1)));
            m.appendReplacement(sb, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static String summary(List<String> request) {
        int selects = 0, locks = 0, updates = 0, inserts = 0, deletes = 0, notifies = 0, tx = 0, other = 0;
        for (String s : request) {
            if (s.isBlank()) continue;
            String l = s.toLowerCase();
            if (l.startsWith("begin") || l.startsWith("commit") || l.startsWith("rollback")) tx++;
            else if (l.contains("pg_notify")) notifies++;
            else if (l.startsWith("select") && l.contains(" for ")) locks++;
            else if (l.startsWith("select") || l.startsWith("with")) selects++;
            else if (l.startsWith("update")) updates++;
            else if (l.startsWith("insert")) inserts++;
            else if (l.startsWith("delete")) deletes++;
            else other++;
        }
        return String.format("%d statements besides BEGIN/COMMIT: %d reads, %d locking reads, %d updates, %d inserts,"
                + " %d deletes, %d pg_notify, %d other; %d transaction-control",
                selects + locks + updates + inserts + deletes + notifies + other, selects, locks, updates, inserts, deletes, notifies, other, tx);
    }
}
