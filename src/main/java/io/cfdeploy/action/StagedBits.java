package io.cfdeploy.action;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Simulated staging's bits: a package zip becomes a droplet, the gzipped tar CF droplets are, holding the app's
 * files under {@code app/} (modes and symbolic links kept) and a {@code staging_info.yml}; the {@code Procfile} at
 * the zip's root gives the process types. The zip was checked when it was uploaded (paths stay inside, links point
 * inside, only stored and deflated entries), so its names are only normalised here.
 */
final class StagedBits {
    static final String APP_DIRECTORY = "app/";
    private static final String PROCFILE = "Procfile";
    private static final int MAX_PROCFILE = 64 * 1024;
    private static final int MAX_LINK_TARGET = 4096;
    /** A Procfile line: {@code type: command} (YAML-ish; comments and blank lines skipped). */
    private static final Pattern PROCFILE_LINE = Pattern.compile("^([A-Za-z0-9_.-]+)\\s*:\\s*(.*)$");

    private StagedBits() {
    }

    /** What the zip held: its Procfile's process types (empty without one). */
    record Result(Map<String, String> procfile) {
    }

    /** Writes the droplet for {@code zip} to {@code droplet}. */
    static Result convert(Path zip, Path droplet) throws IOException {
        Map<String, String> procfile = new LinkedHashMap<>();
        try (ZipFile file = ZipFile.builder().setPath(zip).get();
                OutputStream out = new BufferedOutputStream(Files.newOutputStream(droplet));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            directory(tar, APP_DIRECTORY, 0755);
            for (Enumeration<ZipArchiveEntry> all = file.getEntries(); all.hasMoreElements(); ) {
                ZipArchiveEntry entry = all.nextElement();
                String name = normalised(entry.getName());
                if (name.isEmpty()) {
                    continue;
                }
                int mode = entry.getUnixMode() & 07777;
                if (entry.isUnixSymlink()) {
                    TarArchiveEntry link = new TarArchiveEntry(APP_DIRECTORY + name, TarConstants.LF_SYMLINK);
                    link.setLinkName(linkTarget(file, entry));
                    link.setMode(0120777);
                    tar.putArchiveEntry(link);
                    tar.closeArchiveEntry();
                } else if (entry.isDirectory()) {
                    directory(tar, APP_DIRECTORY + name + "/", mode == 0 ? 0755 : mode);
                } else {
                    TarArchiveEntry regular = new TarArchiveEntry(APP_DIRECTORY + name);
                    regular.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | (mode == 0 ? 0644 : mode));
                    regular.setSize(entry.getSize() >= 0 ? entry.getSize() : measured(file, entry));
                    if (entry.getLastModifiedTime() != null) {
                        regular.setModTime(entry.getLastModifiedTime());
                    }
                    tar.putArchiveEntry(regular);
                    try (InputStream data = file.getInputStream(entry)) {
                        data.transferTo(tar);
                    }
                    tar.closeArchiveEntry();
                    if (name.equals(PROCFILE)) {
                        procfile = procfile(file, entry);
                    }
                }
            }
            byte[] info = "{\"detected_buildpack\":\"\",\"start_command\":\"\"}\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry staging = new TarArchiveEntry("staging_info.yml");
            staging.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | 0644);
            staging.setSize(info.length);
            tar.putArchiveEntry(staging);
            tar.write(info);
            tar.closeArchiveEntry();
            tar.finish();
        }
        return new Result(procfile);
    }

    /** "type: command" lines of a Procfile, in order; quotes around a command are YAML's and dropped. */
    static Map<String, String> parseProcfile(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : text.split("\\r?\\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Matcher matcher = PROCFILE_LINE.matcher(trimmed);
            if (!matcher.matches()) {
                continue;
            }
            String command = matcher.group(2).strip();
            if (command.length() >= 2 && (command.startsWith("\"") && command.endsWith("\"")
                    || command.startsWith("'") && command.endsWith("'"))) {
                command = command.substring(1, command.length() - 1);
            }
            if (!command.isEmpty()) {
                types.put(matcher.group(1), command);
            }
        }
        return types;
    }

    private static Map<String, String> procfile(ZipFile file, ZipArchiveEntry entry) throws IOException {
        try (InputStream data = file.getInputStream(entry)) {
            return parseProcfile(new String(data.readNBytes(MAX_PROCFILE), StandardCharsets.UTF_8));
        }
    }

    /** Forward slashes, no leading "./" or "/", no trailing "/". */
    static String normalised(String name) {
        String path = name.replace('\\', '/');
        while (path.startsWith("./") || path.startsWith("/")) {
            path = path.substring(path.startsWith("./") ? 2 : 1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.equals(".") ? "" : path;
    }

    private static void directory(TarArchiveOutputStream tar, String name, int mode) throws IOException {
        TarArchiveEntry directory = new TarArchiveEntry(name);
        directory.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | mode);
        tar.putArchiveEntry(directory);
        tar.closeArchiveEntry();
    }

    private static String linkTarget(ZipFile file, ZipArchiveEntry entry) throws IOException {
        try (InputStream data = file.getInputStream(entry)) {
            return new String(data.readNBytes(MAX_LINK_TARGET), StandardCharsets.UTF_8);
        }
    }

    /** A size the zip does not declare (streamed entries): counted by reading the entry once. */
    private static long measured(ZipFile file, ZipArchiveEntry entry) throws IOException {
        try (InputStream data = file.getInputStream(entry)) {
            return data.transferTo(OutputStream.nullOutputStream());
        }
    }
}
