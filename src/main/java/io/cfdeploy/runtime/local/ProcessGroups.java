package io.cfdeploy.runtime.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An instance's process group (its leader was started with {@code setsid}, so the group id is the leader's pid):
 * signals to the whole group, and what {@code /proc} tells of it. Linux only; elsewhere the readings are empty.
 */
final class ProcessGroups {
    /** Clock ticks per second of {@code /proc/<pid>/stat} times: 100 on every Linux this runs on. */
    static final long CLOCK_TICKS = 100;

    private ProcessGroups() {
    }

    /** Sends the signal ({@code TERM}, {@code KILL}) to every process of the group; false if none was there. */
    static boolean signal(long pgid, String signal) {
        if (pgid <= 1) {
            return false;
        }
        try {
            // bash's builtin kill: no procps needed, and "--" lets a negative pid name the group
            Process kill = new ProcessBuilder("bash", "-c", "kill -s \"$1\" -- \"-$2\" 2>/dev/null", "kill", signal,
                    Long.toString(pgid)).redirectErrorStream(true).start();
            kill.getInputStream().close();
            return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether any process of the group is alive. */
    static boolean alive(long pgid) {
        return signal(pgid, "0");
    }

    /** The process's start time in clock ticks since boot (field 22 of {@code /proc/<pid>/stat}): pid reuse shows. */
    static Optional<Long> startTicks(long pid) {
        return stat(pid).map(fields -> Long.parseLong(fields.get(19)));
    }

    /** utime + stime of the process, in clock ticks. */
    static long cpuTicks(long pid) {
        return stat(pid).map(fields -> Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12))).orElse(0L);
    }

    /** The resident memory of the process in bytes (VmRSS), 0 when unknown. */
    static long residentBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"),
                    StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").trim()) * 1024;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended meanwhile
        }
        return 0;
    }

    /** The process groups of the processes whose working directory is under {@code dir} (a deleted one too). */
    static java.util.Set<Long> groupsWorkingUnder(Path dir) {
        java.util.Set<Long> groups = new java.util.HashSet<>();
        String prefix = dir.toString() + "/";
        try (java.util.stream.Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    if (Files.readSymbolicLink(proc.resolve("cwd")).toString().startsWith(prefix)) {
                        stat(Long.parseLong(name)).ifPresent(fields -> groups.add(Long.parseLong(fields.get(2))));
                    }
                } catch (IOException | RuntimeException notOurs) {
                    // gone, or another user's process we may not look into
                }
            }
        } catch (IOException noProc) {
            // not Linux: nothing to sweep
        }
        return groups;
    }

    /** The fields of {@code /proc/<pid>/stat} after the command name (index 0 is the state, field 3). */
    private static Optional<List<String>> stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
            // the command name is in parentheses and may hold spaces: split after its last ')'
            return Optional.of(List.of(stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ")));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }
}
