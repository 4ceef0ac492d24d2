package io.cfdeploy.runtime.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.runtime.LogLine;
import io.cfdeploy.runtime.local.InstanceLogReader.Source;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The instance log files as the local runtime's instances write them, read back by {@link InstanceLogReader}. */
class InstanceLogReaderTest {
    /** 2025-12-05T19:00:34Z, the epoch seconds most lines here use. */
    private static final long SECOND = 1_764_961_234L;

    @TempDir
    Path dir;

    private static long at(long micros) {
        return SECOND * 1_000_000_000L + micros * 1_000L;
    }

    /** A line as bash's {@code printf '%s %s\n' "$EPOCHREALTIME" "$line"} writes it. */
    private static String line(long micros, String text) {
        return String.format("%d.%06d %s", SECOND + micros / 1_000_000, micros % 1_000_000, text) + "\n";
    }

    private Source source(String name, String type, int index) {
        return new Source(dir.resolve(name), type, index);
    }

    private void write(Source source, String file, String content) throws IOException {
        Path logs = source.instanceDir().resolve("logs");
        Files.createDirectories(logs);
        Files.writeString(logs.resolve(file), content, StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<LogLine> lines) {
        return lines.stream().map(LogLine::text).toList();
    }

    @Test
    void linesOfEveryInstanceAndStreamAreMergedByTime() throws IOException {
        Source web0 = source("i0", "APP/PROC/WEB", 0);
        Source web1 = source("i1", "APP/PROC/WEB", 1);
        Source worker = source("w0", "APP/PROC/WORKER", 0);
        write(web0, "stdout.log", line(10, "web0 a") + line(40, "web0 d"));
        write(web0, "stderr.log", line(20, "web0 err b"));
        write(web1, "stdout.log", line(30, "web1 c") + line(60, "web1 f"));
        write(worker, "stderr.log", line(50, "worker err e"));

        List<LogLine> oldestFirst = InstanceLogReader.read(List.of(web0, web1, worker), 0, Long.MAX_VALUE, 100,
                false);

        assertEquals(List.of(
                new LogLine(at(10), "APP/PROC/WEB", 0, false, "web0 a"),
                new LogLine(at(20), "APP/PROC/WEB", 0, true, "web0 err b"),
                new LogLine(at(30), "APP/PROC/WEB", 1, false, "web1 c"),
                new LogLine(at(40), "APP/PROC/WEB", 0, false, "web0 d"),
                new LogLine(at(50), "APP/PROC/WORKER", 0, true, "worker err e"),
                new LogLine(at(60), "APP/PROC/WEB", 1, false, "web1 f")), oldestFirst);
        List<LogLine> newestFirst = new ArrayList<>(oldestFirst);
        Collections.reverse(newestFirst);
        assertEquals(newestFirst, InstanceLogReader.read(List.of(web0, web1, worker), 0, Long.MAX_VALUE, 100, true));
    }

    @Test
    void aLimitKeepsTheNewestLinesNewestFirstOrTheOldestOldestFirst() throws IOException {
        Source web0 = source("i0", "APP/PROC/WEB", 0);
        Source web1 = source("i1", "APP/PROC/WEB", 1);
        StringBuilder even = new StringBuilder();
        StringBuilder odd = new StringBuilder();
        for (int n = 1; n <= 10; n++) {
            (n % 2 == 0 ? even : odd).append(line(n, "line " + n));
        }
        write(web0, "stdout.log", odd.toString());
        write(web1, "stdout.log", even.toString());

        assertEquals(List.of("line 10", "line 9", "line 8"),
                texts(InstanceLogReader.read(List.of(web0, web1), 0, Long.MAX_VALUE, 3, true)));
        assertEquals(List.of("line 1", "line 2", "line 3"),
                texts(InstanceLogReader.read(List.of(web0, web1), 0, Long.MAX_VALUE, 3, false)));
        assertEquals(List.of(), InstanceLogReader.read(List.of(web0, web1), 0, Long.MAX_VALUE, 0, true));
    }

    @Test
    void theTimeWindowIncludesBothEnds() throws IOException {
        Source web = source("i0", "APP/PROC/WEB", 0);
        StringBuilder lines = new StringBuilder();
        for (int n = 1; n <= 6; n++) {
            lines.append(line(n * 100, "line " + n));
        }
        write(web, "stdout.log", lines.toString());

        assertEquals(List.of("line 2", "line 3", "line 4"),
                texts(InstanceLogReader.read(List.of(web), at(200), at(400), 100, false)));
        assertEquals(List.of("line 4", "line 3", "line 2"),
                texts(InstanceLogReader.read(List.of(web), at(200), at(400), 100, true)));
        assertEquals(List.of("line 3"), texts(InstanceLogReader.read(List.of(web), at(201), at(399), 100, false)));
        assertEquals(List.of(), InstanceLogReader.read(List.of(web), at(401), at(499), 100, true));
        assertEquals(List.of(), InstanceLogReader.read(List.of(web), at(400), at(200), 100, false));
        // the cf CLI's "beginning of time" is Go's zero time in ns: a large negative number
        assertEquals(6, InstanceLogReader.read(List.of(web), -6_795_364_578_871_345_152L, at(600), 100, false)
                .size());
    }

    @Test
    void aLastLineWithoutItsLineBreakIsStillBeingWritten() throws IOException {
        Source web = source("i0", "APP/PROC/WEB", 0);
        write(web, "stdout.log", line(1, "done") + "1764961234.000002 half a li");
        write(web, "stderr.log", "1764961234.000003 nothing complete yet");

        assertEquals(List.of("done"), texts(InstanceLogReader.read(List.of(web), 0, Long.MAX_VALUE, 100, true)));
        assertEquals(List.of("done"), texts(InstanceLogReader.read(List.of(web), 0, Long.MAX_VALUE, 100, false)));
    }

    @Test
    void truncatedEmptyAndMissingFilesHaveNoLines() throws IOException {
        Source truncated = source("i0", "APP/PROC/WEB", 0);
        Source missing = source("i1", "APP/PROC/WEB", 1);
        Source other = source("i2", "APP/PROC/WEB", 2);
        write(truncated, "stdout.log", line(1, "before the truncation"));
        write(other, "stdout.log", line(2, "other"));
        Path file = truncated.instanceDir().resolve("logs/stdout.log");
        try (RandomAccessFile open = new RandomAccessFile(file.toFile(), "rw")) {
            open.setLength(0); // what the supervisor does past the size bound
        }
        write(truncated, "stderr.log", "");

        List<Source> sources = List.of(truncated, missing, other);
        assertEquals(List.of("other"), texts(InstanceLogReader.read(sources, 0, Long.MAX_VALUE, 100, true)));
        assertEquals(List.of("other"), texts(InstanceLogReader.read(sources, 0, Long.MAX_VALUE, 100, false)));

        Files.writeString(file, line(3, "after the truncation"), StandardOpenOption.APPEND);
        assertEquals(List.of("after the truncation", "other"),
                texts(InstanceLogReader.read(sources, 0, Long.MAX_VALUE, 100, true)));
    }

    @Test
    void aMalformedLineTakesThePreviousLinesTimestampAndOneWithoutAPreviousLineIsSkipped() throws IOException {
        Source web = source("i0", "APP/PROC/WEB", 0);
        write(web, "stdout.log", "no timestamp before any\n"
                + line(10, "first")
                + "\tat Example.main(Example.java:3)\n"
                + "12345 not a timestamp\n"
                + line(20, "second")
                + "1764961234.x bad fraction\n");

        List<LogLine> oldestFirst = InstanceLogReader.read(List.of(web), 0, Long.MAX_VALUE, 100, false);
        assertEquals(List.of(
                new LogLine(at(10), "APP/PROC/WEB", 0, false, "first"),
                new LogLine(at(10), "APP/PROC/WEB", 0, false, "\tat Example.main(Example.java:3)"),
                new LogLine(at(10), "APP/PROC/WEB", 0, false, "12345 not a timestamp"),
                new LogLine(at(20), "APP/PROC/WEB", 0, false, "second"),
                new LogLine(at(20), "APP/PROC/WEB", 0, false, "1764961234.x bad fraction")), oldestFirst);
        List<LogLine> newestFirst = new ArrayList<>(oldestFirst);
        Collections.reverse(newestFirst);
        assertEquals(newestFirst, InstanceLogReader.read(List.of(web), 0, Long.MAX_VALUE, 100, true));
        // in and out of the window with the line they belong to
        assertEquals(List.of("second", "1764961234.x bad fraction"),
                texts(InstanceLogReader.read(List.of(web), at(11), Long.MAX_VALUE, 100, false)));
        assertEquals(List.of("12345 not a timestamp", "\tat Example.main(Example.java:3)", "first"),
                texts(InstanceLogReader.read(List.of(web), 0, at(19), 100, true)));
    }

    @Test
    void standardErrorIsFlaggedAndEqualTimestampsListStdoutFirst() throws IOException {
        Source web = source("i0", "APP/PROC/WEB", 0);
        write(web, "stdout.log", line(5, "out"));
        write(web, "stderr.log", line(5, "err"));

        List<LogLine> lines = InstanceLogReader.read(List.of(web), 0, Long.MAX_VALUE, 100, false);
        assertEquals(List.of(new LogLine(at(5), "APP/PROC/WEB", 0, false, "out"),
                new LogLine(at(5), "APP/PROC/WEB", 0, true, "err")), lines);
        assertEquals(List.of("err", "out"), texts(InstanceLogReader.read(List.of(web), 0, Long.MAX_VALUE, 100, true)));
    }

    @Test
    void multibyteCharactersSurviveBlockBoundaries() throws IOException {
        Source web = source("i0", "APP/PROC/WEB", 0);
        List<String> texts = List.of("héllo wörld", "日本語のログ", "emoji 😀 and ☕", "", "tab\tand trailing space ");
        StringBuilder lines = new StringBuilder();
        for (int n = 0; n < texts.size(); n++) {
            lines.append(line(n, texts.get(n)));
        }
        write(web, "stdout.log", lines.toString());

        for (int blockSize : new int[] {1, 2, 3, 5, 7, 64, InstanceLogReader.BLOCK_SIZE}) {
            assertEquals(texts, texts(InstanceLogReader.read(List.of(web), 0, Long.MAX_VALUE, 100, false,
                    blockSize)), "block size " + blockSize);
            List<String> reversed = new ArrayList<>(texts);
            Collections.reverse(reversed);
            assertEquals(reversed, texts(InstanceLogReader.read(List.of(web), 0, Long.MAX_VALUE, 100, true,
                    blockSize)), "block size " + blockSize);
        }
    }

    @Test
    void theRecentLinesOfLargeFilesAndAWindowInTheirMiddle() throws IOException {
        Source web = source("i0", "APP/PROC/WEB", 0);
        StringBuilder lines = new StringBuilder();
        int count = 200_000; // about 7 MB: the size the supervisor bounds files to
        for (int n = 0; n < count; n++) {
            lines.append(line(n, "request " + n + " served"));
        }
        write(web, "stdout.log", lines.toString());

        List<LogLine> recent = InstanceLogReader.read(List.of(web), Long.MIN_VALUE, Long.MAX_VALUE, 1000, true);
        assertEquals(1000, recent.size());
        assertEquals("request 199999 served", recent.get(0).text());
        assertEquals("request 199000 served", recent.get(999).text());

        List<LogLine> window = InstanceLogReader.read(List.of(web), at(123_456), at(123_460), 1000, false);
        assertEquals(List.of("request 123456 served", "request 123457 served", "request 123458 served",
                "request 123459 served", "request 123460 served"), texts(window));
        assertEquals(at(123_456), window.get(0).timestampNanos());
    }

    @Test
    void timestampsAsBashPrintsThem() {
        assertEquals(1_764_961_234_123_456_000L, parse("1764961234.123456 hello"));
        assertEquals(1_764_961_234_123_456_000L, parse("1764961234,123456 a comma-decimal locale"));
        assertEquals(1_764_961_234_123_456_000L, parse("1764961234.123456"));
        assertEquals(1_000_000_000L, parse("1.0 short"));
        assertEquals(null, parse("1764961234 no fraction"));
        assertEquals(null, parse(".123456 no seconds"));
        assertEquals(null, parse("1764961234.123456x glued"));
        assertEquals(null, parse("99999999999.000000 too far in the future"));
        assertEquals(null, parse(""));
    }

    private static Long parse(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return InstanceLogReader.timestamp(bytes, 0, bytes.length);
    }

    /**
     * Random files (ties, malformed and empty lines, long lines, multibyte text, unfinished last lines, empty and
     * missing files) against a reader that parses every file whole, for every block size, window and limit.
     */
    @Test
    void agreesWithReadingEveryFileWhole() throws IOException {
        Random random = new Random(20261205);
        String[] words = {"GET /", "é", "日本", "😀", "", " ", "exception", "x".repeat(90)};
        for (int round = 0; round < 40; round++) {
            Path roundDir = dir.resolve("round" + round);
            List<Source> sources = new ArrayList<>();
            long micros = random.nextInt(1000);
            for (int index = 0; index < 1 + random.nextInt(3); index++) {
                Source source = new Source(roundDir.resolve("i" + index), "APP/PROC/WEB", index);
                sources.add(source);
                Files.createDirectories(source.instanceDir().resolve("logs"));
                for (String file : new String[] {"stdout.log", "stderr.log"}) {
                    if (random.nextInt(8) == 0) {
                        continue; // missing
                    }
                    StringBuilder content = new StringBuilder();
                    long fileMicros = micros + random.nextInt(50);
                    for (int n = random.nextInt(60); n > 0; n--) {
                        String text = words[random.nextInt(words.length)] + " " + n;
                        if (random.nextInt(10) == 0) {
                            content.append(text).append('\n'); // malformed
                        } else {
                            fileMicros += random.nextInt(4); // ties included
                            content.append(line(fileMicros, text));
                        }
                    }
                    if (random.nextBoolean()) {
                        content.append("1764961299.000000 unfinished");
                    }
                    Files.writeString(source.instanceDir().resolve("logs").resolve(file), content.toString());
                }
            }
            for (int query = 0; query < 20; query++) {
                long start = random.nextInt(4) == 0 ? Long.MIN_VALUE : at(micros + random.nextInt(120));
                long end = random.nextInt(4) == 0 ? Long.MAX_VALUE : at(micros + random.nextInt(200));
                int limit = 1 + random.nextInt(80);
                boolean descending = random.nextBoolean();
                int blockSize = new int[] {1, 3, 16, 100, InstanceLogReader.BLOCK_SIZE}[random.nextInt(5)];
                List<LogLine> expected = wholeFiles(sources, start, end, limit, descending);
                assertEquals(expected, InstanceLogReader.read(sources, start, end, limit, descending, blockSize),
                        "round " + round + " query " + query + ": [" + start + ", " + end + "] limit " + limit
                                + (descending ? " newest first" : " oldest first") + ", blocks of " + blockSize);
            }
        }
    }

    private static final Pattern TIMESTAMP = Pattern.compile("^(\\d{1,10})[.,](\\d{1,9})(?: (.*))?$",
            Pattern.DOTALL);

    /** The reference: every file parsed whole, sorted by (time, source, stream, position). */
    private static List<LogLine> wholeFiles(List<Source> sources, long start, long end, int limit,
            boolean descending) throws IOException {
        record Keyed(long time, int rank, int position, LogLine line) {
        }
        List<Keyed> all = new ArrayList<>();
        for (int index = 0; index < sources.size(); index++) {
            Source source = sources.get(index);
            for (int stream = 0; stream < 2; stream++) {
                Path file = source.instanceDir().resolve("logs").resolve(stream == 0 ? "stdout.log" : "stderr.log");
                if (!Files.exists(file)) {
                    continue;
                }
                String content = Files.readString(file);
                String[] segments = content.split("\n", -1);
                Long previous = null;
                // the last segment follows the last line break: unfinished
                for (int position = 0; position < segments.length - 1; position++) {
                    String text = segments[position];
                    Matcher timestamped = TIMESTAMP.matcher(text);
                    String shown = text;
                    if (timestamped.matches()) {
                        String fraction = (timestamped.group(2) + "00000000").substring(0, 9);
                        previous = Long.parseLong(timestamped.group(1)) * 1_000_000_000L + Long.parseLong(fraction);
                        shown = timestamped.group(3) == null ? "" : timestamped.group(3);
                    }
                    if (previous != null && previous >= start && previous <= end) {
                        all.add(new Keyed(previous, index * 2 + stream, position,
                                new LogLine(previous, source.sourceType(), source.instanceIndex(), stream == 1,
                                        shown)));
                    }
                }
            }
        }
        Comparator<Keyed> order = Comparator.comparingLong(Keyed::time).thenComparingInt(Keyed::rank)
                .thenComparingInt(Keyed::position);
        all.sort(descending ? order.reversed() : order);
        assertTrue(limit > 0);
        return all.stream().limit(limit).map(Keyed::line).toList();
    }
}
