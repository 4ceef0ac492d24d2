package io.cfdeploy.message;

import io.cfdeploy.error.CfException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * An uploaded package zip, hostile until checked: it must be a zip; no entry may be absolute or climb out with
 * {@code ..}; a symbolic link must point inside the package; and it may hold at most {@code maxEntries} entries
 * expanding to at most {@code maxExpandedBytes}, counted on the bytes actually inflated (a header's sizes may lie).
 * Every refusal is a 422 "Uploaded package is invalid: …" naming the first offending entry.
 */
public final class PackageZip {
    static final String INVALID = "Uploaded package is invalid: ";
    private static final int MAX_LINK_TARGET = 4096;
    private static final int SHOWN_NAME = 120;

    private PackageZip() {
    }

    /** What the zip holds, once checked. */
    public record Contents(int entries, long expandedBytes) {
    }

    public static Contents check(Path zip, int maxEntries, long maxExpandedBytes) {
        try (ZipFile file = ZipFile.builder().setPath(zip).get()) {
            int entries = 0;
            long expanded = 0;
            byte[] buffer = new byte[64 * 1024];
            for (Enumeration<ZipArchiveEntry> all = file.getEntries(); all.hasMoreElements(); ) {
                ZipArchiveEntry entry = all.nextElement();
                if (++entries > maxEntries) {
                    throw invalid("it has more than " + maxEntries + " entries");
                }
                String name = entry.getName();
                Deque<String> path = inside(name);
                if (path == null) {
                    throw invalid("entry '" + shown(name) + "' leaves the package");
                }
                if (!entry.isDirectory() && !readable(file, entry)) {
                    throw invalid("entry '" + shown(name) + "' is compressed with method " + entry.getMethod()
                            + "; only stored and deflated entries are accepted");
                }
                if (entry.isUnixSymlink()) {
                    String target = linkTarget(file, entry);
                    path.pollLast(); // a link's target is relative to the directory that holds it
                    if (target == null || !staysInside(path, target)) {
                        throw invalid("link '" + shown(name) + "' points outside the package");
                    }
                    continue; // its data is the target just read (bounded), not file content
                }
                if (entry.isDirectory()) {
                    continue;
                }
                try (InputStream data = file.getInputStream(entry)) {
                    for (int read; (read = data.read(buffer)) > 0; ) {
                        expanded += read;
                        if (expanded > maxExpandedBytes) {
                            throw invalid("it expands to more than " + maxExpandedBytes + " bytes");
                        }
                    }
                }
            }
            return new Contents(entries, expanded);
        } catch (IOException | RuntimeException unreadable) {
            if (unreadable instanceof CfException refused) {
                throw refused;
            }
            throw invalid("not a readable zip file");
        }
    }

    /**
     * Stored and deflated are what the cf CLI and every common zip tool write; the others (zstd and xz, whose streams
     * would load more code, native code for zstd; legacy methods) are refused before any of their data is read.
     */
    private static boolean readable(ZipFile file, ZipArchiveEntry entry) {
        int method = entry.getMethod();
        return (method == ZipEntry.STORED || method == ZipEntry.DEFLATED) && file.canReadEntryData(entry);
    }

    /** The entry's path as segments, or null when it is absolute or climbs above the package's root. */
    private static Deque<String> inside(String name) {
        if (name.isEmpty() || name.indexOf('\0') >= 0 || name.startsWith("/") || name.startsWith("\\")
                || (name.length() > 1 && name.charAt(1) == ':')) {
            return null;
        }
        Deque<String> path = new ArrayDeque<>();
        return walk(path, name) ? path : null;
    }

    private static boolean staysInside(Deque<String> directory, String target) {
        if (target.isEmpty() || target.startsWith("/") || target.startsWith("\\")
                || (target.length() > 1 && target.charAt(1) == ':')) {
            return false;
        }
        return walk(new ArrayDeque<>(directory), target);
    }

    /** Applies the relative path's segments; false as soon as one climbs above the root. */
    private static boolean walk(Deque<String> path, String relative) {
        for (String segment : relative.split("[/\\\\]")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (path.isEmpty()) {
                    return false;
                }
                path.removeLast();
            } else {
                path.addLast(segment);
            }
        }
        return true;
    }

    private static String linkTarget(ZipFile file, ZipArchiveEntry entry) throws IOException {
        try (InputStream data = file.getInputStream(entry)) {
            byte[] target = data.readNBytes(MAX_LINK_TARGET + 1);
            return target.length > MAX_LINK_TARGET ? null : new String(target, StandardCharsets.UTF_8);
        }
    }

    private static String shown(String name) {
        String printable = name.replace("\0", "\\0");
        return printable.length() <= SHOWN_NAME ? printable : printable.substring(0, SHOWN_NAME) + "…";
    }

    private static CfException invalid(String why) {
        return CfException.unprocessable(INVALID + why);
    }
}
