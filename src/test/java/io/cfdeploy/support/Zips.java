package io.cfdeploy.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Zips built as the cf CLI builds them (deflated files, directories ending in "/", links as unix links). */
public final class Zips {
    private final List<Object[]> entries = new ArrayList<>();

    public static Zips zip() {
        return new Zips();
    }

    public Zips file(String name, byte[] content) {
        return file(name, content, 0644);
    }

    public Zips file(String name, byte[] content, int mode) {
        entries.add(new Object[] {name, content, UnixStat.FILE_FLAG | mode});
        return this;
    }

    /** A file with its unix permission bits, e.g. 0755. */
    public Zips file(String name, String content, int mode) {
        entries.add(new Object[] {name, content.getBytes(StandardCharsets.UTF_8), UnixStat.FILE_FLAG | mode});
        return this;
    }

    public Zips file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public Zips directory(String name) {
        entries.add(new Object[] {name.endsWith("/") ? name : name + "/", new byte[0], UnixStat.DIR_FLAG | 0755});
        return this;
    }

    public Zips link(String name, String target) {
        entries.add(new Object[] {name, target.getBytes(StandardCharsets.UTF_8), UnixStat.LINK_FLAG | 0777});
        return this;
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            for (Object[] entry : entries) {
                ZipArchiveEntry zipEntry = new ZipArchiveEntry((String) entry[0]);
                zipEntry.setUnixMode((Integer) entry[2]);
                zip.putArchiveEntry(zipEntry);
                zip.write((byte[]) entry[1]);
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
