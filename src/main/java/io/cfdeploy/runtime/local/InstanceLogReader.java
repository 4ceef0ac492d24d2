package io.cfdeploy.runtime.local;

import io.cfdeploy.runtime.LogLine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Reads what instances wrote from their {@code logs/stdout.log} and {@code logs/stderr.log}: every line is
 * {@code <epoch seconds>.<micros> <text>} as bash's {@code $EPOCHREALTIME} prints it, appended in time order by the
 * instance itself.
 *
 * <ul>
 * <li>Only the lines in the window are read, not whole files: newest first reads each file backwards from its end
 * in blocks ({@code cf logs --recent}: 1,000 lines from up to 10 MiB files); oldest first finds the window's first
 * line by binary search over the file (a {@code cf logs} poll starts where the previous one ended).</li>
 * <li>A last line without its line break is still being written: skipped. A file truncated while it is read ends
 * where the read ends; a missing file is an empty one.</li>
 * <li>A line without a timestamp (malformed) is kept with the timestamp of the line before it in the same file;
 * one with no timestamped line before it is skipped.</li>
 * <li>Lines of equal timestamps come in a fixed order: by source (the list's order), stdout before stderr, then
 * file order; newest first is exactly the reverse of oldest first.</li>
 * </ul>
 * Lines are assumed to be in time order within a file (one writer appends them): a search stops at the first
 * line past the window.
 */
public final class InstanceLogReader {
    static final int BLOCK_SIZE = 64 * 1024;
    private static final int PROBE_SIZE = 4 * 1024;
    private static final String[] FILES = {"stdout.log", "stderr.log"};

    /**
     * One instance's output.
     *
     * @param instanceDir   the instance's directory, holding {@code logs/stdout.log} and {@code logs/stderr.log}
     * @param sourceType    CF's source type of its lines, e.g. {@code APP/PROC/WEB}
     * @param instanceIndex the instance's index
     */
    public record Source(Path instanceDir, String sourceType, int instanceIndex) {
    }

    private InstanceLogReader() {
    }

    /**
     * The lines of the sources written between {@code startNanos} and {@code endNanos} (both inclusive, ns since
     * the epoch), merged by time: the oldest {@code limit} oldest first, or the newest {@code limit} newest first.
     */
    public static List<LogLine> read(List<Source> sources, long startNanos, long endNanos, int limit,
            boolean descending) {
        return read(sources, startNanos, endNanos, limit, descending, BLOCK_SIZE);
    }

    /** The same, reading {@code blockSize} bytes at a time (tests cross block boundaries with small blocks). */
    static List<LogLine> read(List<Source> sources, long startNanos, long endNanos, int limit, boolean descending,
            int blockSize) {
        List<LogLine> lines = new ArrayList<>();
        if (limit <= 0 || startNanos > endNanos || sources.isEmpty()) {
            return lines;
        }
        Comparator<Cursor> order = Comparator.<Cursor>comparingLong(cursor -> cursor.head.timestampNanos())
                .thenComparingInt(cursor -> cursor.rank)
                .thenComparingLong(cursor -> cursor.head.offset());
        PriorityQueue<Cursor> next = new PriorityQueue<>(descending ? order.reversed() : order);
        List<FileChannel> open = new ArrayList<>();
        try {
            for (int index = 0; index < sources.size(); index++) {
                Source source = sources.get(index);
                for (int stream = 0; stream < FILES.length; stream++) {
                    FileChannel channel = open(source.instanceDir().resolve("logs").resolve(FILES[stream]));
                    if (channel == null) {
                        continue;
                    }
                    open.add(channel);
                    Cursor cursor = new Cursor(source, stream == 1, index * FILES.length + stream,
                            descending ? new NewestFirst(channel, blockSize, startNanos, endNanos, limit)
                                    : new OldestFirst(channel, blockSize, startNanos, endNanos));
                    if (cursor.advance()) {
                        next.add(cursor);
                    }
                }
            }
            while (lines.size() < limit && !next.isEmpty()) {
                Cursor cursor = next.poll();
                lines.add(cursor.line());
                if (cursor.advance()) {
                    next.add(cursor);
                }
            }
        } finally {
            open.forEach(InstanceLogReader::close);
        }
        return lines;
    }

    private static FileChannel open(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException missing) {
            return null; // an instance that has written nothing yet
        } catch (IOException unreadable) {
            return null; // e.g. removed with its instance while being listed: nothing to show
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only: nothing was lost
        }
    }

    /** A line read from a file: where it starts, its timestamp (null when malformed) and its text's bytes. */
    record Raw(long offset, Long timestampNanos, byte[] text) {
    }

    /** A line in the window with the timestamp it is listed under. */
    record Timed(long offset, long timestampNanos, byte[] text) {
    }

    /** One file's lines in the window, in the order asked for. */
    interface Lines {
        /** The next line, or null when there is none. */
        Timed next() throws IOException;
    }

    /** A file's position in the merge. */
    private static final class Cursor {
        final Source source;
        final boolean stderr;
        final int rank;
        final Lines lines;
        Timed head;

        Cursor(Source source, boolean stderr, int rank, Lines lines) {
            this.source = source;
            this.stderr = stderr;
            this.rank = rank;
            this.lines = lines;
        }

        /** Moves to the next line; false at the end (or when the file cannot be read any more). */
        boolean advance() {
            try {
                head = lines.next();
            } catch (IOException unreadable) {
                head = null; // the lines read so far stand
            }
            return head != null;
        }

        LogLine line() {
            return new LogLine(head.timestampNanos(), source.sourceType(), source.instanceIndex(), stderr,
                    new String(head.text(), StandardCharsets.UTF_8));
        }
    }

    /**
     * {@code <seconds>.<fraction> <text>}: the timestamp in ns, or null when the line does not start with one.
     * bash prints six fraction digits after the locale's decimal point; up to nine digits and a comma are accepted.
     */
    static Long timestamp(byte[] line, int from, int to) {
        int position = from;
        long seconds = 0;
        int secondDigits = 0;
        while (position < to && isDigit(line[position])) {
            if (++secondDigits > 10) {
                return null;
            }
            seconds = seconds * 10 + (line[position++] - '0');
        }
        if (secondDigits == 0 || position >= to || (line[position] != '.' && line[position] != ',')) {
            return null;
        }
        position++;
        long fraction = 0;
        int fractionDigits = 0;
        while (position < to && isDigit(line[position])) {
            if (++fractionDigits > 9) {
                return null;
            }
            fraction = fraction * 10 + (line[position++] - '0');
        }
        if (fractionDigits == 0 || (position < to && line[position] != ' ')) {
            return null;
        }
        for (int scale = fractionDigits; scale < 9; scale++) {
            fraction *= 10;
        }
        if (seconds > (Long.MAX_VALUE - fraction) / 1_000_000_000L) {
            return null;
        }
        return seconds * 1_000_000_000L + fraction;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** The line's text: what follows the timestamp and its one space, or the whole line when it has none. */
    static Raw parse(long offset, byte[] bytes, int from, int to) {
        Long timestamp = timestamp(bytes, from, to);
        if (timestamp == null) {
            return new Raw(offset, null, Arrays.copyOfRange(bytes, from, to));
        }
        int space = from;
        while (space < to && bytes[space] != ' ') {
            space++;
        }
        return new Raw(offset, timestamp, Arrays.copyOfRange(bytes, Math.min(space + 1, to), to));
    }

    /**
     * Complete lines from {@code from} on, read forwards in blocks up to the file's size when opened. The last
     * segment without a line break is not a line yet.
     */
    static final class Forward {
        private final FileChannel channel;
        private final int blockSize;
        private final long end;
        private long position;
        private byte[] buffer = new byte[0];
        private int start;
        private int filled;
        private long bufferOffset;
        private boolean exhausted;

        /** @param skipFirst the first segment is the tail of a line that starts before {@code from}: not a line */
        Forward(FileChannel channel, int blockSize, long from, long end, boolean skipFirst) throws IOException {
            this.channel = channel;
            this.blockSize = blockSize;
            this.end = end;
            this.position = from;
            this.bufferOffset = from;
            if (skipFirst) {
                next();
            }
        }

        /** The next complete line, or null. */
        Raw next() throws IOException {
            while (true) {
                for (int index = start; index < filled; index++) {
                    if (buffer[index] == '\n') {
                        Raw line = parse(bufferOffset + start, buffer, start, index);
                        start = index + 1;
                        return line;
                    }
                }
                if (exhausted || !fill()) {
                    return null;
                }
            }
        }

        /** Appends the next block to the unread rest; false at the end of the file. */
        private boolean fill() throws IOException {
            if (position >= end) {
                exhausted = true;
                return false;
            }
            int rest = filled - start;
            int wanted = (int) Math.min(blockSize, end - position);
            byte[] grown = new byte[rest + wanted];
            System.arraycopy(buffer, start, grown, 0, rest);
            int read = readFully(channel, grown, rest, wanted, position);
            bufferOffset += start;
            buffer = grown;
            start = 0;
            filled = rest + read;
            position += read;
            if (read < wanted) {
                exhausted = true; // truncated meanwhile: what was read is all there is
            }
            return read > 0;
        }
    }

    /**
     * Complete lines read backwards from the end of the file in blocks. The segment after the last line break is
     * not a line yet.
     */
    static final class Backward {
        private final FileChannel channel;
        private final int blockSize;
        /** The unread bytes: from {@code bufferOffset} up to {@code cursor} (a line break, or the file's end). */
        private byte[] buffer = new byte[0];
        private long bufferOffset;
        /** Where the segment to return next ends (exclusive); -1 when done. */
        private int cursor;

        Backward(FileChannel channel, int blockSize) throws IOException {
            this.channel = channel;
            this.blockSize = blockSize;
            this.bufferOffset = channel.size();
            previous(); // the unfinished last segment
        }

        /** The line before the previous one, or null at the start of the file. */
        Raw previous() throws IOException {
            while (cursor >= 0) {
                for (int index = cursor - 1; index >= 0; index--) {
                    if (buffer[index] == '\n') {
                        Raw line = parse(bufferOffset + index + 1, buffer, index + 1, cursor);
                        cursor = index;
                        return line;
                    }
                }
                if (bufferOffset == 0) {
                    Raw first = parse(0, buffer, 0, cursor);
                    cursor = -1;
                    return first;
                }
                prepend();
            }
            return null;
        }

        /** Reads the block before the unread bytes (which hold no line break: they are one line's start). */
        private void prepend() throws IOException {
            int wanted = (int) Math.min(blockSize, bufferOffset);
            long from = bufferOffset - wanted;
            byte[] grown = new byte[wanted + cursor];
            if (readFully(channel, grown, 0, wanted, from) < wanted) {
                cursor = -1; // truncated meanwhile: the lines read so far are all there is
                return;
            }
            System.arraycopy(buffer, 0, grown, wanted, cursor);
            buffer = grown;
            bufferOffset = from;
            cursor += wanted;
        }
    }

    private static int readFully(FileChannel channel, byte[] target, int at, int length, long position)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(target, at, length);
        int total = 0;
        while (total < length) {
            int read = channel.read(buffer, position + total);
            if (read < 0) {
                break;
            }
            total += read;
        }
        return total;
    }

    /** Newest first: backwards from the end, stopping at the first timestamped line before the window. */
    static final class NewestFirst implements Lines {
        private final FileChannel channel;
        private final int blockSize;
        private Backward lines;
        private final long startNanos;
        private final long endNanos;
        private final int limit;
        /** Malformed lines read (newer than the next timestamped line), waiting for its timestamp. */
        private final List<Raw> waiting = new ArrayList<>();
        private final Deque<Timed> ready = new ArrayDeque<>();
        private boolean done;

        NewestFirst(FileChannel channel, int blockSize, long startNanos, long endNanos, int limit) {
            this.channel = channel;
            this.blockSize = blockSize;
            this.startNanos = startNanos;
            this.endNanos = endNanos;
            this.limit = limit;
        }

        @Override
        public Timed next() throws IOException {
            if (lines == null) {
                lines = new Backward(channel, blockSize);
            }
            while (ready.isEmpty() && !done) {
                Raw line = lines.previous();
                if (line == null) {
                    done = true; // malformed lines before the first timestamp have none to take
                } else if (line.timestampNanos() == null) {
                    if (waiting.size() < limit) { // more than limit lines of this file are never listed
                        waiting.add(line);
                    }
                } else {
                    long timestamp = line.timestampNanos();
                    if (timestamp < startNanos) {
                        done = true;
                    } else if (timestamp <= endNanos) {
                        waiting.forEach(malformed -> ready.add(new Timed(malformed.offset(), timestamp,
                                malformed.text())));
                        ready.add(new Timed(line.offset(), timestamp, line.text()));
                    }
                    waiting.clear();
                }
            }
            return ready.poll();
        }
    }

    /**
     * Oldest first: from the window's first line on, found by binary search over the file, stopping at the first
     * timestamped line after the window.
     */
    static final class OldestFirst implements Lines {
        private final FileChannel channel;
        private final int blockSize;
        private final long startNanos;
        private final long endNanos;
        private Forward lines;
        private Long previous;
        private boolean done;

        OldestFirst(FileChannel channel, int blockSize, long startNanos, long endNanos) {
            this.channel = channel;
            this.blockSize = blockSize;
            this.startNanos = startNanos;
            this.endNanos = endNanos;
        }

        @Override
        public Timed next() throws IOException {
            if (lines == null) {
                long size = channel.size();
                lines = new Forward(channel, blockSize, firstCandidate(size), size, false);
            }
            while (!done) {
                Raw line = lines.next();
                if (line == null) {
                    done = true;
                    break;
                }
                if (line.timestampNanos() != null) {
                    previous = line.timestampNanos();
                }
                if (previous == null || previous < startNanos) {
                    continue;
                }
                if (previous > endNanos) {
                    done = true;
                    break;
                }
                return new Timed(line.offset(), previous, line.text());
            }
            return null;
        }

        /**
         * A line start before which every line is older than the window: the start of a timestamped line older
         * than the window, found by halving the range while it is larger than a block.
         */
        private long firstCandidate(long size) throws IOException {
            long low = 0;
            long high = size;
            while (high - low > blockSize) {
                long middle = low + (high - low) / 2;
                Raw probe = firstTimestamped(middle, high, size);
                if (probe != null && probe.timestampNanos() < startNanos) {
                    low = probe.offset();
                } else {
                    high = middle;
                }
            }
            return low;
        }

        /** The first timestamped line that starts in [from, before), or null. */
        private Raw firstTimestamped(long from, long before, long size) throws IOException {
            // a small read: one line is all a probe needs
            Forward probe = new Forward(channel, Math.min(blockSize, PROBE_SIZE), from - 1, size, true);
            for (Raw line = probe.next(); line != null && line.offset() < before; line = probe.next()) {
                if (line.timestampNanos() != null) {
                    return line;
                }
            }
            return null;
        }
    }
}
